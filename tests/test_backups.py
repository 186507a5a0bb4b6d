"""`manage.py backup` then `manage.py restore` into an empty database: nothing is lost."""

import io
import json
import subprocess
import sys
import tarfile
import uuid
from contextlib import redirect_stdout

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core.backups import MANIFEST
from tests.servers import BASE_DIR, server_environment

pytestmark = pytest.mark.django_db(transaction=True)


# Every row of every model of the project's own apps (whatever apps exist by
# then: comments too), plus users and groups, as JSON. The same code runs here
# on the original database and in a subprocess on the restored one.
ALL_ROWS = """
import json
from pathlib import Path
from django.apps import apps
from django.conf import settings
from django.core import serializers

def project_models():
    base = str(settings.BASE_DIR)
    for model in apps.get_models():
        path = str(model._meta.app_config.path)
        if (path.startswith(base) and "site-packages" not in path) or model._meta.label in (
            "auth.User", "auth.Group"
        ):
            yield model

rows = []
for model in project_models():
    rows += json.loads(serializers.serialize("json", model._default_manager.order_by("pk")))
print(json.dumps(sorted(rows, key=lambda row: (row["model"], str(row["pk"])))))
"""


def all_rows() -> list[dict]:
    out = io.StringIO()
    with redirect_stdout(out):
        exec(ALL_ROWS, {})
    return json.loads(out.getvalue())


def media_files(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database of the same kind as this run's."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"restore_test_{uuid.uuid4().hex[:8]}"
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(
    transactional_db,
    make_post,
    category,
    tag,
    other_author,
    jpeg_upload,
    media_root,
    tmp_path,
    empty_database_url,
):
    # Transactional: SQLite's backup API copies the database from the test's
    # own connection, and the test that ran next found the groups gone.
    make_post(
        title="With a picture",
        featured_image=jpeg_upload,
        featured_image_alt="Two cups of tea",
        categories=[category],
        tags=[tag],
    )
    make_post(title="A draft", status="draft", published_at=None, author=other_author)
    original = all_rows()
    assert {"authors.author", "blog.post", "blog.category", "auth.user"} <= {
        row["model"] for row in original
    }
    archive = tmp_path / "site.tar.gz"

    call_command("backup", output=archive, stdout=io.StringIO())

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert MANIFEST in names
    assert any(name.startswith("media/posts/") for name in names)
    restored_media = tmp_path / "restored-media"
    env = server_environment(empty_database_url, MEDIA_ROOT=str(restored_media))
    manage(env, "restore", str(archive))
    restored = json.loads(manage(env, "shell", "-c", ALL_ROWS).strip().splitlines()[-1])
    assert restored == original
    assert media_files(restored_media) == media_files(media_root)
    assert media_files(media_root), "the post's image was backed up"


def test_restore_refuses_a_database_that_is_not_empty(post, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))

    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(bogus))
