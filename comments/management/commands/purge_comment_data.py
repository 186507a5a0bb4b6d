from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "Blank the IP hash and user agent of comments older than N days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, required=True, help="Age in days (0 or more).")

    def handle(self, *args, days: int, **options) -> None:
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        count = (
            Comment.objects.filter(created_at__lt=cutoff)
            .exclude(ip_hash="", user_agent="")
            .update(ip_hash="", user_agent="")
        )
        self.stdout.write(f"Blanked the IP hash and user agent of {count} comment(s).")
