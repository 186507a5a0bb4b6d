"""
Comments under load and faults, against real gunicorn servers (bounded tests).

- 20 comments posted at once to one post: each stored exactly once, no 500,
  no "database is locked" (on an SQLite file here, and on the run's own
  database in the PostgreSQL run).
- A worker killed with SIGKILL mid-burst: every comment that was answered
  with success is in the database.
- Two servers sharing PostgreSQL and Redis: a comment approved through one
  shows through the other, and a rate limit tripped through one holds on
  the other.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from comments import moderation
from comments.models import Comment
from tests.servers import HttpSession, server_environment, start_app_server

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(settings.BASE_DIR)

CREATE_POST = """
from django.utils import timezone
from authors.models import Author
from blog.models import Post
author = Author.objects.create(name="Load Tester", slug="load-tester")
post = Post.objects.create(title="Busy post", slug="busy-post", author=author,
    body="A post many people answer at once.", status="published",
    published_at=timezone.now())
print(post.pk)
"""


def comment_data(number: int, post_pk: int) -> dict:
    return {
        "name": f"Reader {number}",
        "email": f"reader{number}@example.org",
        "url": "",
        "body": f"Comment number {number} from the crowd.",
        "parent": "",
        # Issued ten seconds ago: a person's pace, as the form would have it.
        "token": moderation.make_form_token(issued_at=time.time() - 10),
        "post": post_pk,
    }


def send(base_url: str, data: dict) -> int:
    post_pk = data.pop("post")
    try:
        return HttpSession(base_url).request("POST", f"/comments/post/{post_pk}/", data).status
    except OSError:
        return 0  # the connection broke (a killed worker)


@pytest.fixture
def sqlite_site(migrated_sqlite):
    """An SQLite file with one published post, and the environment to serve it."""
    database_url, db_file = migrated_sqlite
    env = server_environment(database_url, COMMENTS_RATE_LIMIT="0")

    def manage(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout

    post_pk = int(manage("shell", "-c", CREATE_POST).strip().splitlines()[-1])
    return database_url, db_file, post_pk


def stored_bodies(db_file: Path) -> list[str]:
    with sqlite3.connect(db_file) as connection:
        return [row[0] for row in connection.execute("SELECT body FROM comments_comment")]


def test_twenty_comments_at_once_on_sqlite_are_each_stored_once(sqlite_site, tmp_path):
    database_url, db_file, post_pk = sqlite_site
    server = start_app_server(tmp_path, database_url, workers=2, COMMENTS_RATE_LIMIT="0")
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(
                pool.map(lambda n: send(server.url, comment_data(n, post_pk)), range(20))
            )
        log = server.log()
    finally:
        server.stop()
    assert statuses == [302] * 20
    bodies = stored_bodies(db_file)
    assert sorted(bodies) == sorted(f"Comment number {n} from the crowd." for n in range(20))
    assert "database is locked" not in log and "Traceback" not in log


def test_comments_answered_with_success_survive_a_killed_worker(sqlite_site, tmp_path):
    database_url, db_file, post_pk = sqlite_site
    server = start_app_server(tmp_path, database_url, workers=2, COMMENTS_RATE_LIMIT="0")
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(send, server.url, comment_data(n, post_pk)) for n in range(40)]
            time.sleep(0.3)  # mid-burst
            victim = server.worker_pids()[0]
            os.kill(victim, signal.SIGKILL)
            statuses = [future.result(timeout=60) for future in futures]
    finally:
        server.stop()
    succeeded = {n for n, status in enumerate(statuses) if status == 302}
    assert succeeded, statuses  # the other worker (and the replacement) kept answering
    bodies = set(stored_bodies(db_file))
    for n in succeeded:
        assert f"Comment number {n} from the crowd." in bodies
    assert all(status in (302, 0, 502) for status in statuses), statuses


# --- Two servers on one PostgreSQL and one Redis ---------------------------------


def test_twenty_comments_at_once_through_the_shared_database(app_servers, post):
    (server,) = app_servers(count=1, workers=2, COMMENTS_RATE_LIMIT="0")
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda n: send(server.url, comment_data(n, post.pk)), range(20)))
    assert statuses == [302] * 20
    bodies = list(Comment.objects.filter(post=post).values_list("body", flat=True))
    assert sorted(bodies) == sorted(f"Comment number {n} from the crowd." for n in range(20))
    assert "database is locked" not in server.log() and "Traceback" not in server.log()


def test_a_comment_approved_through_one_server_shows_through_the_other(app_servers, post, editor):
    first, second = app_servers(count=2)
    comment = Comment.objects.create(
        post=post, name="Held Reader", email="held@example.org", body="Please approve me."
    )
    visitor = HttpSession(second.url)
    assert "Please approve me." not in visitor.get(post.get_absolute_url()).text

    moderator = HttpSession(first.url)
    moderator.login_admin("editor", "pw-for-tests-1")
    response = moderator.post_form(
        "/admin/comments/comment/", {"action": "approve", "_selected_action": [comment.pk]}
    )
    assert response.status == 302
    assert "Please approve me." in visitor.get(post.get_absolute_url()).text


def test_a_rate_limit_tripped_through_one_server_holds_on_the_other(app_servers, post):
    first, second = app_servers(count=2, COMMENTS_RATE_LIMIT="3")
    statuses = [send(first.url, comment_data(n, post.pk)) for n in range(3)]
    assert statuses == [302, 302, 302]
    assert send(first.url, comment_data(3, post.pk)) == 429
    assert send(second.url, comment_data(4, post.pk)) == 429
