"""
Report content the site did not put there; exit non-zero when anything is found.

    manage.py audit_content                      # stored posts, profiles, links
    manage.py audit_content --live https://site  # also the pages the site serves

Meant for cron or CI: silent success, one line per finding, exit status 1.
"""

from django.core.management.base import BaseCommand, CommandError

from blog.audit import audit_live, audit_stored


class Command(BaseCommand):
    help = (
        "List unreviewed outbound links and posts or profiles changed outside the site; "
        "with --live, also links and scripts served that the stored posts do not explain."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--live",
            metavar="BASE_URL",
            help="Fetch every published post from this running site, as a browser and as "
            "Googlebot, e.g. https://example.com",
        )

    def handle(self, *args, live: str | None = None, **options) -> None:
        findings = audit_stored()
        if live:
            findings += audit_live(live)
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(f"{len(findings)} finding(s): see above.", returncode=1)
        self.stdout.write(self.style.SUCCESS("Nothing found: stored and served content match."))
