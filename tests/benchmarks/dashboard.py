"""
`make bench` (after the pages): how long the admin's front page takes to render
for an editor with 10,000 posts and 1,000,000 booking clicks. Measured, not
asserted (not a test).

Builds a throwaway SQLite database in a temporary folder (migrate, then
bulk inserts: 20 authors, 10,000 posts, 1,000,000 clicks over the last
year, 20,000 comments over the last half year, a few credentials), logs an
editor in with Django's test client and renders /admin/ N times (the first
one, which warms the process, is not counted). Prints the median and the
spread, the number of queries, and SQLite's plan of each dashboard query
(so an index that is not used shows). The folder is removed afterwards.

    make bench                                   # the pages, then this
    .venv/bin/python tests/benchmarks/dashboard.py
    BENCH_CLICKS=200000 BENCH_RUNS=5 .venv/bin/python tests/benchmarks/dashboard.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from throwaway_site import configure

POSTS = int(os.environ.get("BENCH_POSTS", "10000"))
CLICKS = int(os.environ.get("BENCH_CLICKS", "1000000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "20000"))
AUTHORS = 20
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
BATCH = 50_000


def build() -> object:
    """The data, in bulk (no save(): nothing is rendered or indexed); returns the editor."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from authors.models import Author, BookingClick, Credential
    from blog.models import Post
    from comments.models import Comment

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    now = timezone.now()
    authors = Author.objects.bulk_create(
        Author(name=f"Author {n:02d}", slug=f"author-{n:02d}") for n in range(AUTHORS)
    )
    statuses = [Post.Status.PUBLISHED] * 7 + [Post.Status.DRAFT, Post.Status.REVIEW]
    posts = []
    for n in range(POSTS):
        status = statuses[n % len(statuses)]
        published_at = None
        if status == Post.Status.PUBLISHED:
            # A few scheduled ones, the rest over the last five years.
            published_at = (
                now + timedelta(days=n % 30) if n % 500 == 0 else now - timedelta(hours=4 * n)
            )
        posts.append(
            Post(
                title=f"Post {n}",
                slug=f"post-{n}",
                author=authors[n % AUTHORS],
                body="Text.",
                status=status,
                published_at=published_at,
                requires_clinical_review=n % 7 == 0,
            )
        )
    posts = Post.objects.bulk_create(posts, batch_size=BATCH)
    print(f"  {len(posts)} posts", flush=True)
    # The clicks as plain rows through executemany: a million model instances
    # through bulk_create took five minutes on a busy two-core machine.
    year = 365 * 24 * 3600
    author_pks = [author.pk for author in authors]
    post_pks = [post.pk for post in posts]
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(BookingClick._meta.db_table)
    with connection.cursor() as cursor:
        for first in range(0, CLICKS, BATCH):
            cursor.executemany(
                f"INSERT INTO {table} (author_id, post_pk, source, visitor, clicked_at) "
                "VALUES (%s, %s, %s, '', %s)",
                [
                    (
                        author_pks[(n * 7) % AUTHORS],
                        post_pks[(n * 7919) % len(post_pks)] if n % 4 else None,
                        "post" if n % 4 else "profile",
                        adapt(now - timedelta(seconds=(n * 31) % year)),
                    )
                    for n in range(first, min(first + BATCH, CLICKS))
                ],
            )
    print(f"  {CLICKS} booking clicks", flush=True)
    kinds = [Comment.Status.APPROVED] * 6 + [Comment.Status.PENDING, Comment.Status.SPAM]
    Comment.objects.bulk_create(
        [
            Comment(
                post=posts[(n * 13) % len(posts)],
                name=f"Reader {n}",
                body="Thank you.",
                status=kinds[n % len(kinds)],
                crisis=n % 997 == 0,
                created_at=now - timedelta(minutes=(n * 13) % (182 * 24 * 60)),
            )
            for n in range(COMMENTS)
        ],
        batch_size=BATCH,
    )
    Credential.objects.bulk_create(
        Credential(
            author=author,
            abbreviation="LMFT",
            title="Licensed Marriage and Family Therapist",
            expires_on=(now + timedelta(days=20 * n)).date(),
        )
        for n, author in enumerate(authors)
    )
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return editor


def plans() -> None:
    """Each dashboard query of the page again, timed alone, with SQLite's plan."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(User.objects.get(username="editor"))
    with CaptureQueriesContext(connection) as captured:
        client.get("/admin/")
    print(f"\n{len(captured)} queries; the dashboard's plans:")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not any(name in sql for name in ("bookingclick", "comments_comment", "blog_post")):
                continue
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            took = (time.perf_counter() - started) * 1000
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            steps = "; ".join(row[-1] for row in cursor.fetchall())
            print(f"  {took:6.1f} ms  {sql[:70]}...\n      {steps}")


def measure(editor) -> list[float]:
    from django.test import Client

    client = Client()
    client.force_login(editor)
    response = client.get("/admin/")  # warms the process: imports, templates
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get("/admin/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return times


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    try:
        configure(tmp)
        print(
            f"Dashboard: building {POSTS} posts, {CLICKS} booking clicks, "
            f"{COMMENTS} comments in {tmp} ...",
            flush=True,
        )
        editor = build()
        times = measure(editor)
        plans()
        millis = sorted(t * 1000 for t in times)
        print(
            f"\nAdmin front page for an editor ({POSTS} posts, {CLICKS} clicks), {RUNS} renders: "
            f"median {statistics.median(millis):.0f} ms, "
            f"min {millis[0]:.0f} ms, max {millis[-1]:.0f} ms "
            f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
