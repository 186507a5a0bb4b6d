import io
import os
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from filelock import FileLock
from PIL import Image

from authors.models import Author
from blog.models import Category, Post, Tag
from tests.servers import copy_sqlite, migrate_sqlite_template

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run inside one unless told it is safe (it is: one thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Browser ----------------------------------------------------------------


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """
    Live-server tests run last, as Django runs them: they flush every table,
    and pytest's grouping by browser otherwise puts ordinary tests after them.
    Browser tests skip without Chromium, except in CI where that is a failure.
    """

    def transactional(item) -> bool:
        names = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        return bool({"live_server", "transactional_db"} & set(names)) or bool(
            marker and marker.kwargs.get("transaction")
        )

    for item in items:
        if transactional(item) and "django_db_serialized_rollback" not in item.fixturenames:
            # What the flush at the end takes, restore_migration_rows() puts back.
            item.fixturenames.append("django_db_serialized_rollback")
    # Live-server tests last; other transactional ones where they stand (the
    # rows their flush takes are restored before the next database test).
    items.sort(key=lambda item: "live_server" in getattr(item, "fixturenames", ()))
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but Chromium is not installed at {CHROMIUM}")
    skip = pytest.mark.skip(
        reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def console_errors(page):
    """Console errors and CSP violations a page produced, to assert there are none."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


# --- Images -----------------------------------------------------------------


def make_image_bytes(
    fmt: str = "JPEG", size=(64, 48), color=(200, 120, 80), **save_kwargs
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


@pytest.fixture
def jpeg_upload():
    return SimpleUploadedFile("photo.jpg", make_image_bytes(), content_type="image/jpeg")


# --- People -----------------------------------------------------------------


# --- Rows the migrations made ---------------------------------------------------
#
# A transactional (live-server) test ends with a flush of every table. Django
# would then rebuild every app's content types and permissions (post_migrate,
# about 1.5 s a test) but not the groups and phrase lists the data migrations
# made. Instead, the rows present right after migrating are copied once per
# run and put back, as they were, before any database test that finds them gone.
MIGRATION_ROWS: dict[str, tuple[list[str], list[tuple]]] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            for table in connection.introspection.django_table_names(only_existing=True):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                if rows := cursor.fetchall():
                    columns = [column[0] for column in cursor.description]
                    MIGRATION_ROWS[table] = (columns, rows)
    yield


def restore_migration_rows() -> None:
    """Put back the rows the migrations made, if a flush took them."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Nothing makes permissions at run time (content types, yes: a page
        # served after the flush may have made some, which are replaced).
        cursor.execute("SELECT 1 FROM auth_permission")
        if cursor.fetchone():
            return
        with transaction.atomic():
            for table, (columns, rows) in MIGRATION_ROWS.items():
                cursor.execute(f"DELETE FROM {quote(table)}")
                names = ", ".join(quote(column) for column in columns)
                places = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({places})", rows)


@pytest.fixture(autouse=True)
def _migration_rows(request):
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
        # Serialized rollback with nothing serialized: the flush at the end then
        # skips post_migrate, and restore_migration_rows() does the restoring.
        # (Set here, on the connection this test's context sees: Playwright's
        # event loop gives browser tests another one than the session's.)
        connection._test_serialized_contents = "[]"
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    restore_migration_rows()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory, worker_id) -> Path:
    """One migrated SQLite file for the whole run: xdist's workers share its folder."""
    run_root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        run_root = run_root.parent
    template = run_root / "migrated-template.sqlite3"
    with FileLock(f"{template}.lock"):
        migrate_sqlite_template(template)
    return template


@pytest.fixture
def migrated_sqlite(_sqlite_template, tmp_path) -> tuple[str, Path]:
    """A migrated SQLite file of this test's own, for servers in other processes: (URL, path)."""
    path = tmp_path / "site.sqlite3"
    return copy_sqlite(_sqlite_template, path), path


def make_staff(username: str, group: str, **extra) -> User:
    restore_migration_rows()
    user = User.objects.create_user(
        username, f"{username}@example.com", "pw-for-tests-1", is_staff=True, **extra
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db) -> User:
    return make_staff("editor", "Editors")


@pytest.fixture
def author_user(db) -> User:
    return make_staff("alice", "Authors")


@pytest.fixture
def author(db, author_user) -> Author:
    return make_author(author_user)


def make_author(author_user: User) -> Author:
    return Author.objects.create(
        user=author_user,
        name="Alice Rivera",
        slug="alice-rivera",
        headline="Couples therapist in Portland",
        booking_url="https://example.com/book/alice",
        booking_label="Book with her here",
    )


@pytest.fixture
def other_author(db) -> Author:
    return Author.objects.create(name="Ben Cole", slug="ben-cole")


# --- Posts ------------------------------------------------------------------


@pytest.fixture
def category(db) -> Category:
    return Category.objects.create(name="Trust", slug="trust")


@pytest.fixture
def tag(db) -> Tag:
    return Tag.objects.create(name="conflict", slug="conflict")


@pytest.fixture
def make_post(db, author):
    return post_maker(author)


def post_maker(author: Author):
    """``make(**fields)``: a post by ``author`` (numbered title, slug and date)."""
    counter = iter(range(1, 10_000))

    def make(**fields) -> Post:
        number = next(counter)
        fields.setdefault("title", f"Post number {number}")
        fields.setdefault("slug", f"post-{number}")
        fields.setdefault("author", author)
        fields.setdefault("body", f"The first paragraph of post {number}.\n\nMore text here.")
        fields.setdefault("status", Post.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(days=number))
        categories = fields.pop("categories", [])
        tags = fields.pop("tags", [])
        post = Post.objects.create(**fields)
        post.categories.set(categories)
        post.tags.set(tags)
        return post

    return make


def in_a_second() -> datetime:
    """When a post scheduled by a test goes live: soon enough to wait for."""
    return timezone.now() + timedelta(seconds=1)


def sleep_until(moment) -> None:
    """Really wait until just after ``moment``: cached pages expire on the wall clock."""
    time.sleep(max(0, (moment - timezone.now()).total_seconds()) + 0.05)


@pytest.fixture
def post(make_post, category, tag) -> Post:
    return make_post(
        title="Rebuilding trust", slug="rebuilding-trust", categories=[category], tags=[tag]
    )


# --- Author profiles and credentials ----------------------------------------


@pytest.fixture
def second_author_user(db) -> User:
    return make_staff("bob", "Authors")


@pytest.fixture
def second_author(db, second_author_user) -> Author:
    """Another author with a login: the one who must not reach the first one's rows."""
    return Author.objects.create(
        user=second_author_user,
        name="Bob Okafor",
        slug="bob-okafor",
        booking_url="https://example.com/book/bob",
    )


@pytest.fixture
def make_credential(db, author):
    from authors.models import Credential

    def make(**fields) -> Credential:
        fields.setdefault("author", author)
        fields.setdefault("abbreviation", "MA")
        fields.setdefault("title", "Master of Arts")
        fields.setdefault("kind", Credential.Kind.DEGREE)
        verified_by = fields.pop("verified_by", None)
        credential = Credential(**fields)
        if verified_by is not None:
            credential.mark_verified(verified_by)
        credential.save()
        return credential

    return make


# --- Mail -------------------------------------------------------------------
#
# The suite runs tasks with Django's ImmediateBackend (config/settings.py:
# TASKS_BACKEND defaults to "immediate" under tests): a mail queued on commit
# is sent at once into mail.outbox. The queue's own tests
# (test_mail_queue*.py) use django-tasks-db, real workers and a real SMTP server.


@pytest.fixture
def mail_server_down(monkeypatch):
    """Every send fails as a refused connection would, until ``monkeypatch.undo()``."""
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)


@pytest.fixture
def retry_queued_mail():
    """What a worker does once a retry is due: one more attempt at each queued message."""
    from core.models import OutgoingMail
    from core.outbox import send_outgoing_mail

    def retry() -> None:
        for pk in OutgoingMail.objects.filter(status="queued").values_list("pk", flat=True):
            send_outgoing_mail.call(pk)

    return retry


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (tests/smtp_server.py); this process's mail goes to it."""
    from tests.smtp_server import SmtpServer

    server = SmtpServer().start()
    settings.MAILERS = server.mailers()
    yield server
    server.stop()


@pytest.fixture
def database_task_queue(settings):
    """Tasks go to django-tasks-db's table, to be run by a worker, instead of at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings.TASKS


@pytest.fixture
def task_workers(transactional_db, database_task_queue, tmp_path):
    """
    ``task_workers(*names, **env)`` starts a ``manage.py task_worker`` process
    for each name (its worker id) on this run's test database
    (tests/task_workers.py), stopped by PID after the test. Skips unless the
    database is PostgreSQL (the SQLite test database is in memory);
    `make test-postgres`, which CI runs, has it.
    """
    from tests.task_workers import start_task_worker

    started = []

    def start(*names: str, **env: str):
        workers = {name: start_task_worker(tmp_path, name, **env) for name in names}
        started.extend(workers.values())
        for worker in workers.values():
            worker.wait_until_started()
        return workers

    yield start
    for worker in started:
        worker.stop()


# --- App servers sharing the database and cache (tests/servers.py) ----------


def require_shared_services() -> None:
    """
    Skip unless this run uses PostgreSQL and Redis that answer. The SQLite run
    skips them (CI runs them in the PostgreSQL run); a PostgreSQL run whose
    servers do not answer fails under CI=true.
    """
    from tests.services import in_ci, shared_services_configured, shared_services_problem

    if problem := shared_services_problem():
        if in_ci() and shared_services_configured():
            pytest.fail(f"CI=true and several app servers cannot run: {problem}")
        pytest.skip(f"several app servers {problem}")


def pytest_runtest_setup(item):
    # Skip before any fixture runs: skipping from inside a transactional_db
    # test's setup left Django's app registry without its models.
    if "app_servers" in getattr(item, "fixturenames", ()):
        require_shared_services()
    if "task_workers" in getattr(item, "fixturenames", ()):
        from django.conf import settings

        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            pytest.skip("worker processes need a database they can share: PostgreSQL")


@pytest.fixture
def app_servers(transactional_db, tmp_path):
    """
    ``app_servers(count=2, workers=1, **env)``: gunicorn servers sharing this
    run's test database and Redis cache, stopped by PID after the test. Data
    the test commits (transactional_db) is what they serve. Skips unless on
    PostgreSQL + Redis (`make test-postgres`); fails under CI=true.
    """
    from tests.servers import current_database_url, start_app_server

    started = []

    def start(count: int = 2, workers: int = 1, **env: str):
        servers = []
        for _ in range(count):
            server = start_app_server(tmp_path, current_database_url(), workers=workers, **env)
            started.append(server)
            servers.append(server)
        return servers

    yield start
    for server in started:
        server.stop()


# --- The generated admin suites (tests/admin_registry.py) --------------------


@pytest.fixture(scope="module")
def admin_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """
    One filled object of every registered model, built once per module
    inside a transaction that is rolled back afterwards; each test runs in a
    savepoint inside it (the ``db`` fixture), so what one test saves is gone
    for the next. Tests using it set MEDIA_ROOT to ``admin_world.media``.
    """
    from django.db import transaction
    from django.test import override_settings

    from tests.admin_registry import build_world

    media = tmp_path_factory.mktemp("admin-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world.media = media
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
