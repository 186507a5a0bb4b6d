"""
Import a WordPress export (Tools › Export, a WXR file): authors, categories,
tags, posts with their comments, images and old links, screened for spam
(comments.wordpress says how). The summary is printed and kept in the admin
(Blog › WordPress imports).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blog.wordpress.importer import read_authors_map
from core.wxr import WxrError

from ...wordpress import ImportOptions, import_export


class Command(BaseCommand):
    help = "Import a WordPress export (WXR), holding back its spam."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", type=Path, help="The .xml file WordPress exported.")
        parser.add_argument(
            "--uploads",
            type=Path,
            help="The wp-content/uploads folder copied from the old server.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report everything, write nothing."
        )
        parser.add_argument(
            "--authors",
            type=Path,
            help="A CSV file of wordpress_login,username rows: those authors get that login.",
        )
        parser.add_argument(
            "--status",
            choices=["keep", "draft"],
            default="keep",
            help="keep: published stays published (unless held for spam); draft: all drafts.",
        )
        parser.add_argument(
            "--keep-spam",
            action="store_true",
            help="Import WordPress's spam and trashed comments, as spam.",
        )

    def handle(self, *args, **options) -> None:
        export: Path = options["export"]
        if not export.is_file():
            raise CommandError(f"{export} is not a file.")
        uploads: Path | None = options["uploads"]
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads} is not a folder.")
        users = {}
        if options["authors"] is not None:
            try:
                users = read_authors_map(options["authors"])
            except (OSError, ValueError, UnicodeDecodeError) as error:
                raise CommandError(f"--authors: {error}") from error
        settings = ImportOptions(
            uploads=uploads,
            dry_run=options["dry_run"],
            keep_status=options["status"] == "keep",
            keep_spam=options["keep_spam"],
            users=users,
            progress=self.stderr.isatty(),
        )
        try:
            report, run = import_export(export, settings)
        except WxrError as error:
            raise CommandError(f"{export}: {error}. Nothing was imported.") from error
        heading = "Dry run: nothing was written." if settings.dry_run else "Imported."
        self.stdout.write(self.style.SUCCESS(heading))
        for line in report.summary_lines():
            self.stdout.write(line)
        if run is not None:
            self.stdout.write(f"The report is kept in the admin: {run.get_absolute_url()}")
