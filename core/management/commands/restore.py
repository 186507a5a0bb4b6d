"""`manage.py restore ARCHIVE`: bring a backup back into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into the empty database "
        "DATABASE_URL names (same kind: SQLite or PostgreSQL) and MEDIA_ROOT."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options) -> None:
        try:
            manifest = restore_backup(archive)
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup of {manifest['created_at']} from {archive}")
        )
