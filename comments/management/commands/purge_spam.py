from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models.functions import Coalesce
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Delete spam filed more than N days ago (default COMMENTS_SPAM_KEEP_DAYS, 30): "
        "run it daily from cron. Nothing else deletes spam."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Age in days (0 or more); COMMENTS_SPAM_KEEP_DAYS when left out.",
        )

    def handle(self, *args, days: int | None, **options) -> None:
        if days is None:
            days = int(getattr(settings, "COMMENTS_SPAM_KEEP_DAYS", 30))
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        # Counted from when it was filed as spam (older rows: when it was written).
        spam = (
            Comment.objects.spam()
            .alias(filed_at=Coalesce("marked_spam_at", "created_at"))
            .filter(filed_at__lt=cutoff)
        )
        # Replies to spam keep their thread: the parent link is cleared (SET_NULL).
        # What the filter learnt from them stays: it keeps no text (comments.models.spam).
        count = spam.delete()[0]
        self.stdout.write(f"Deleted {count} spam comment(s) filed more than {days} day(s) ago.")
