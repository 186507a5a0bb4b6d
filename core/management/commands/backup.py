"""`manage.py backup [--output PATH]`: the database and media files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database (SQLite backup API or pg_dump) "
        "and every media file to one tar.gz archive (default: var/backups/)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", type=Path, help="where to write the archive")

    def handle(self, *args, output: Path | None = None, **options) -> None:
        try:
            archive = create_backup(output)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {archive}"))
