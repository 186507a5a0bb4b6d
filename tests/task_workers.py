"""
Task workers for tests: ``manage.py task_worker`` processes on the test
database of the current run (so they see what a ``transactional_db`` test
commits), sending mail to the test's SMTP server, stopped by PID afterwards.
Only a database that other processes can open will do: PostgreSQL (the
SQLite test database lives in memory).

``run_queue_until_empty()`` is the same worker loop run inside the test
process instead, for tests that need no second process.
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from django_tasks_db.management.commands import db_worker

from .servers import BASE_DIR, current_database_url, server_environment


@dataclass
class TaskWorker:
    name: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_until_started(self, timeout: float = 30) -> "TaskWorker":
        deadline = time.monotonic() + timeout
        while "Starting worker" not in self.log():
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited:\n{self.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker {self.name} did not start:\n{self.log()}")
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        """SIGKILL: no chance to finish or tidy up, as when the machine loses it."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(5)

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def wait_for_count(count, target: int, *, stall: float = 30, limit: float = 240) -> None:
    """
    Waits until ``count()`` reaches ``target``. On a loaded machine (CI runs
    the suite on every core) workers may be slow but steady, so it gives up
    only when the count has not moved for ``stall`` seconds, or after
    ``limit`` seconds in all.
    """
    start = last_move = time.monotonic()
    seen = count()
    while seen < target:
        now = time.monotonic()
        if now - last_move > stall or now - start > limit:
            raise AssertionError(f"timed out waiting: {seen} of {target} after {now - start:.0f} s")
        time.sleep(0.05)
        current = count()
        if current != seen:
            seen, last_move = current, time.monotonic()


def start_task_worker(log_dir: Path, name: str, **env: str) -> TaskWorker:
    """
    One worker process, not yet waited for (``wait_until_started``); ``env``
    adds settings (the SMTP server, a short lease...).
    """
    log_path = log_dir / f"task-worker-{name}.log"
    command = [
        sys.executable,
        "manage.py",
        "task_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.05",
        "--worker-id",
        name,
    ]
    environment = server_environment(
        current_database_url(),
        # Not the test settings: a real queue and the mail settings below.
        TESTING="0",
        TASKS_BACKEND="database",
        **env,
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return TaskWorker(name, process, log_path)


def run_queue_until_empty(worker_id: str = "in-test") -> None:
    """
    django-tasks-db's worker loop in this process, until no task is ready.
    Its check for stale connections is left out: inside a test's transaction
    it would mark that transaction for rollback.
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        _worker(worker_id).run()


def _worker(worker_id: str) -> db_worker.Worker:
    return db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
