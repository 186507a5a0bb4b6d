"""
/healthz, the 503 page when the database is unavailable (then recovery by
itself), and errors reported to ADMINS without showing anything to visitors.
"""

import sqlite3
import subprocess
import sys
import time

import psycopg
import pytest
from django.core import mail
from django.db import OperationalError

from config.availability import DatabaseUnavailableMiddleware, unavailable_response
from tests.servers import (
    BASE_DIR,
    SERVER_APPLICATION_NAME,
    HttpSession,
    server_environment,
    start_app_server,
)


def test_healthz_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_the_503_page_is_in_the_sites_style_and_needs_no_database(
    rf, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = unavailable_response(rf.get("/"), OperationalError("database is locked"))

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    assert "back in a moment" in html
    assert "css/site.css" in html
    assert "database is locked" not in html


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
    ],
)
def test_a_database_outage_in_a_view_becomes_a_503(rf, error):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    response = middleware.process_exception(rf.get("/"), error)

    assert response.status_code == 503


def test_other_errors_are_left_to_the_500_handling(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    assert middleware.process_exception(rf.get("/"), ValueError("a bug")) is None


# --- Errors are mailed to ADMINS, never shown -----------------------------------


@pytest.mark.urls("tests.urls_with_errors")
def test_a_500_mails_the_admins_and_shows_no_traceback_or_settings(client, settings, db):
    settings.DEBUG = False
    settings.ADMINS = ["Ops <ops@example.com>"]
    client.raise_request_exception = False

    response = client.get("/fails/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    for leak in ("Traceback", "RuntimeError", "a bug in a view", "SECRET_KEY", settings.SECRET_KEY):
        assert leak not in html
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Ops <ops@example.com>"]
    assert "a bug in a view" in mail.outbox[0].body


# --- Real outages against real servers ------------------------------------------


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def _wait_for_status(session: HttpSession, path: str, status: int, within: float = 15) -> int:
    deadline = time.monotonic() + within
    while True:
        got = session.get(path).status
        if got == status or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def test_a_locked_sqlite_database_gives_503s_and_the_site_recovers_when_it_is_released(
    tmp_path, migrated_sqlite
):
    """A real lock: another process holds SQLite's exclusive lock on the file."""
    database_url, db_file = migrated_sqlite
    env = server_environment(database_url, DJANGO_SUPERUSER_PASSWORD="pw-for-tests-1")
    _manage(env, "createsuperuser", "--noinput", "--username", "boss", "--email", "b@example.com")
    server = start_app_server(tmp_path, database_url, SQLITE_TIMEOUT="0.3")
    try:
        editor = HttpSession(server.url)
        editor.login_admin("boss", "pw-for-tests-1")
        visitor = HttpSession(server.url)
        assert visitor.get("/").status == 200
        assert editor.get("/admin/blog/post/").status == 200

        holder = sqlite3.connect(db_file, timeout=5, isolation_level=None)
        try:
            holder.execute("PRAGMA locking_mode=EXCLUSIVE")
            holder.execute("BEGIN EXCLUSIVE")

            # A page the page cache does not hold yet (the home page may be
            # answered from it, which is the point of having it).
            page = visitor.get("/authors/")
            assert page.status == 503
            assert page.headers["Retry-After"] == "30"
            assert "back in a moment" in page.text
            assert "Traceback" not in page.text and "locked" not in page.text
            assert visitor.get("/healthz").status == 503
            admin_page = editor.get("/admin/blog/post/")
            assert admin_page.status == 503
            assert "back in a moment" in admin_page.text
        finally:
            holder.close()

        assert visitor.get("/").status == 200
        assert visitor.get("/healthz").status == 200
        assert editor.get("/admin/blog/post/").status == 200
        assert "Traceback" not in server.log()
    finally:
        server.stop()


def test_postgresql_refusing_connections_gives_503s_and_the_servers_recover(app_servers, make_post):
    make_post(title="Still here after the outage")
    (server,) = app_servers(1)
    visitor = HttpSession(server.url)
    assert "Still here after the outage" in visitor.get("/").text

    from django.db import connection

    database = connection.settings_dict["NAME"]
    with psycopg.connect(
        host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
    ) as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s",
                [SERVER_APPLICATION_NAME],
            )
            # A page the page cache does not hold yet (the home page may be
            # answered from it, which is the point of having it).
            page = visitor.get("/authors/")
            assert page.status == 503
            assert "back in a moment" in page.text
            assert page.headers["Retry-After"] == "30"
            assert visitor.get("/healthz").status == 503
        finally:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')

    assert _wait_for_status(visitor, "/healthz", 200) == 200
    page = visitor.get("/")
    assert page.status == 200
    assert "Still here after the outage" in page.text


@pytest.mark.urls("tests.urls_with_errors")
def test_an_outage_is_mailed_to_the_admins_once_not_per_request(client, settings, db):
    settings.ADMINS = ["Ops <ops@example.com>"]

    statuses = [client.get("/database-locked/").status_code for _ in range(5)]
    statuses.append(client.get("/healthz").status_code)  # the database answers here

    assert statuses == [503] * 5 + [200]
    assert len(mail.outbox) == 1
    assert "Database unavailable" in mail.outbox[0].subject + mail.outbox[0].body
    assert "database is locked" in mail.outbox[0].body
