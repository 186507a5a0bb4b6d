"""Forget outgoing mail that was sent or failed more than N days ago (for cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import OutgoingMail


class Command(BaseCommand):
    help = "Delete outgoing mail sent or failed more than --days days ago; queued mail stays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, required=True, help="Age in days (0 or more).")

    def handle(self, *args, days: int, **options) -> None:
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = OutgoingMail.objects.prune(timedelta(days=days))
        self.stdout.write(
            f"Deleted {deleted} outgoing mail(s) finished more than {days} day(s) ago."
        )
