"""
`make bench-newsletter` (and `make bench`): one post mailed to 10,000
subscribers through a local SMTP sink by a real worker. Measured, not
asserted (not a test).

Builds a throwaway SQLite database in a temporary folder (migrate, an
author, a draft, BENCH_SUBSCRIBERS confirmed "every new post" subscribers in
bulk), starts an aiosmtpd sink on 127.0.0.1 that counts what it receives,
publishes the post (its send is queued in django-tasks-db on commit) and
runs `manage.py task_worker --batch` as a child process until the queue is
empty. Prints the time, messages per second, the worker's peak memory
(target: 150 MB or less) and whether any address got the post twice. The
folder is removed afterwards. NEWSLETTER_MAX_PER_SECOND is 0 (no throttle).

    make bench-newsletter
    BENCH_SUBSCRIBERS=2000 .venv/bin/python tests/benchmarks/newsletter.py
"""

from __future__ import annotations

import collections
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import throwaway_site

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))
TARGET_MB = 150


class Sink:
    """An SMTP server that keeps only who got what (a counter per recipient)."""

    def __init__(self) -> None:
        self.copies: collections.Counter[str] = collections.Counter()

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            self.copies[address] += 1
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def configure(tmp: Path, smtp_port: int) -> dict[str, str]:
    """The throwaway site, for this process and the worker's: real queue, mail to the sink."""
    return throwaway_site.configure(
        tmp,
        testing=False,
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        SITE_URL="https://blog.example.com",
        NEWSLETTER_MAX_PER_SECOND="0",
    )


def build() -> None:
    """Migrate, then an author, a draft and the subscribers (in bulk)."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from authors.models import Author
    from blog.models import Post, Subscriber

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    author = Author.objects.create(name="Bench Author", slug="bench-author")
    Post.objects.create(
        title="A post for everyone",
        slug="for-everyone",
        author=author,
        body="A first paragraph to read in the mail.\n\nAnd more on the site.",
    )
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{n:05d}@example.org",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
            for n in range(SUBSCRIBERS)
        ),
        batch_size=2000,
    )
    User.objects.create_superuser("bench-editor", "editor@example.org", "not-a-secret")
    print(f"Built {SUBSCRIBERS} subscribers in {time.perf_counter() - started:.1f} s")


def publish() -> None:
    from django.contrib.auth.models import User

    from blog import workflow
    from blog.models import Post

    workflow.publish(Post.objects.get(), User.objects.get(username="bench-editor"))


def run_worker(env: dict[str, str]) -> tuple[float, float]:
    """The worker, until the queue is empty: (seconds, its peak resident memory in MB)."""
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "task_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--queue-name",
            "*",
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    elapsed = time.perf_counter() - started
    # ru_maxrss of the children waited for: kilobytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak_mb


def main() -> None:
    from aiosmtpd.controller import Controller

    tmp = Path(tempfile.mkdtemp(prefix="bench-newsletter-"))
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = configure(tmp, controller.port)
        build()
        publish()
        elapsed, peak_mb = run_worker(env)
        from blog.models import Delivery

        sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
        received = sum(sink.copies.values())
        doubles = sum(1 for count in sink.copies.values() if count > 1)
        print(f"Subscribers:        {SUBSCRIBERS}")
        print(f"Received by sink:   {received} ({len(sink.copies)} addresses)")
        print(f"Deliveries sent:    {sent}")
        print(f"Addresses mailed twice: {doubles}")
        print(f"Worker time:        {elapsed:.1f} s")
        print(f"Messages/s:         {received / elapsed:.0f}")
        verdict = "within" if peak_mb <= TARGET_MB else "OVER"
        print(f"Worker peak memory: {peak_mb:.0f} MB ({verdict} the {TARGET_MB} MB target)")
    finally:
        controller.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
