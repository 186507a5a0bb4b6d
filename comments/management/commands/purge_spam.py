from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "Delete comments marked as spam more than N days ago (nothing else deletes spam)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, required=True, help="Age in days (0 or more).")

    def handle(self, *args, days: int, **options) -> None:
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        spam = Comment.objects.filter(status=Comment.Status.SPAM, created_at__lt=cutoff)
        # Replies to spam keep their thread: the parent link is cleared (SET_NULL).
        count = spam.delete()[0]
        self.stdout.write(f"Deleted {count} spam comment(s) older than {days} day(s).")
