"""
Backups of the whole site: the database and the media files in one archive.

``create_backup`` writes a tar.gz holding a consistent snapshot of the
database (SQLite's online backup API, safe while the site is serving; on
PostgreSQL ``pg_dump``, itself one consistent snapshot) and every file under
MEDIA_ROOT. ``restore_backup`` brings one back into an empty database of the
same kind and unpacks the media files. Used by ``manage.py backup`` and
``manage.py restore``.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_SNAPSHOT = "database/db.sqlite3"
POSTGRES_SNAPSHOT = "database/db.pgdump"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in words."""


def _vendor(alias: str = "default") -> str:
    return connections[alias].vendor  # "sqlite" or "postgresql"


def _postgres_env(alias: str = "default") -> dict[str, str]:
    db = connections[alias].settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def default_archive_path() -> Path:
    return settings.VAR_DIR / "backups" / f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


def _snapshot_database(directory: Path, alias: str) -> str:
    """Write the database snapshot into ``directory``; its name inside the archive."""
    vendor = _vendor(alias)
    if vendor == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(directory / "db.sqlite3")
        try:
            # The online backup API copies a consistent state even while
            # other connections write.
            connection.connection.backup(target)
        finally:
            target.close()
        return SQLITE_SNAPSHOT
    if vendor == "postgresql":
        result = subprocess.run(
            [
                _postgres_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(directory / "db.pgdump"),
            ],
            env=_postgres_env(alias),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return POSTGRES_SNAPSHOT
    raise BackupError(f"Backups of {vendor} databases are not supported.")


def create_backup(archive: Path | None = None, alias: str = "default") -> Path:
    """Write the database snapshot and MEDIA_ROOT into one tar.gz; its path."""
    archive = Path(archive or default_archive_path())
    archive.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        snapshot = _snapshot_database(work, alias)
        manifest = {
            "format": FORMAT_VERSION,
            "database": _vendor(alias),
            "snapshot": snapshot,
            "created_at": timezone.now().isoformat(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        # Written under a temporary name and renamed: a failed backup never
        # leaves a truncated archive that looks complete.
        partial = archive.with_name(archive.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(work / MANIFEST, arcname=MANIFEST)
                tar.add(work / Path(snapshot).name, arcname=snapshot)
                if media_root.is_dir():
                    for path in sorted(media_root.rglob("*")):
                        if path.is_file():
                            tar.add(
                                path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix()
                            )
            partial.replace(archive)
        finally:
            partial.unlink(missing_ok=True)
    return archive


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile(MANIFEST)
        if member is None:  # a directory or a link by that name
            raise KeyError(MANIFEST)
        manifest = json.load(member)
    except (KeyError, TypeError, ValueError):
        raise BackupError("This is not a backup made by `manage.py backup`.") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _ensure_empty(alias: str) -> None:
    connection = connections[alias]
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables). Restore into a new, empty database, so nothing is mixed or lost."
        )


def _restore_database(snapshot: Path, vendor: str, alias: str) -> None:
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(snapshot)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    result = subprocess.run(
        [
            _postgres_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            connection.settings_dict["NAME"],
            str(snapshot),
        ],
        env=_postgres_env(alias),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def restore_backup(archive: Path, alias: str = "default") -> dict:
    """Restore an archive into the (empty) database and MEDIA_ROOT; its manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup at {archive}.")
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(tar)
        vendor = _vendor(alias)
        if manifest["database"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['database']} database; "
                f"DATABASE_URL points to {vendor}."
            )
        _ensure_empty(alias)
        # The "data" filter refuses absolute paths, "..", links out of the
        # directory and device files.
        tar.extract(manifest["snapshot"], work, filter="data")
        _restore_database(Path(work) / manifest["snapshot"], vendor, alias)
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(MEDIA_PREFIX):
                member.name = member.name.removeprefix(MEDIA_PREFIX)
                tar.extract(member, media_root, filter="data")
    return manifest
