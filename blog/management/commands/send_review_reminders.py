"""Mail every editor the posts whose clinical review is due or lapsed; once a week."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from blog.review_reminders import send_review_reminders


def default_base_url() -> str:
    """The site's address from its settings: the first allowed host, https behind HTTPS=on."""
    hosts = [
        host for host in settings.ALLOWED_HOSTS if host not in ("*",) and not host.startswith(".")
    ]
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    return f"{scheme}://{hosts[0] if hosts else 'localhost'}"


class Command(BaseCommand):
    help = (
        "Email each editor the posts whose clinical review is due or lapsed. Sends "
        "nothing when none is due, and only once per week unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=None,
            help="The site's address for the links, e.g. https://blog.example.com "
            "(default: from ALLOWED_HOSTS and HTTPS).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Send even if this week's reminder went out."
        )

    def handle(self, *args, base_url: str | None, force: bool, **options) -> None:
        outcome = send_review_reminders(base_url or default_base_url(), force=force)
        if outcome.posts == 0:
            self.stdout.write("No clinical review is due: nothing sent.")
        elif outcome.already_sent is not None:
            when = outcome.already_sent.sent_at
            self.stdout.write(
                f"This week's reminder went out on {when:%Y-%m-%d %H:%M}: nothing sent "
                "(--force sends it again)."
            )
        elif outcome.recipients == 0:
            self.stdout.write(f"{outcome.posts} review(s) due, but no editor has an email address.")
        else:
            self.stdout.write(
                f"Mailed {outcome.recipients} editor(s) "
                f"about {outcome.posts} clinical review(s) due."
            )
