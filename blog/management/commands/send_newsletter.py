"""Send what the newsletter owes: scheduled posts now live, half-done sends, the weekly digest."""

from django.core.management.base import BaseCommand

from blog.newsletter_sending import run_due


class Command(BaseCommand):
    help = (
        "Send every newsletter send that is due and not finished (a scheduled post "
        "now live, a send a stopped worker left half done, deliveries due a retry) "
        "and, from Monday morning, this week's digest. Safe to run as often as you "
        "like (cron every few minutes): nobody gets a copy twice."
    )

    def handle(self, *args, **options) -> None:
        done = run_due()
        self.stdout.write(
            f"Sent {done['sent']}, failed {done['failed']}, skipped {done['skipped']}, "
            f"to retry later {done['retry']}."
        )
