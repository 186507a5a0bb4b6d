"""
The task worker: django-tasks-db's ``db_worker``, with a lease on the tasks
it runs so that a killed worker's task runs again.

django-tasks-db marks a task RUNNING when a worker claims it (under
``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, in an exclusive
transaction on SQLite, so two workers never claim one task) and never looks
at it again if that worker dies: it would stay RUNNING for good. So beside
the worker loop a thread, every quarter of TASKS_LEASE_SECONDS:

- renews the lease of the task this worker is running (its ``started_at``,
  which for a task running that long so reads "last seen running");
- makes READY again any task whose lease has run out: its worker is gone
  (killed, or its machine lost), and this worker or another runs it again;
- queues again the mails whose queueing failed after their commit
  (``core.outbox.requeue_unqueued``).

A task whose worker died therefore runs again at least once; tasks that must
not act twice keep their own record of what they did (``core.outbox`` sends a
message only while it holds it; the newsletter keeps a delivery row).
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core.outbox import requeue_unqueued

log = logging.getLogger("django_tasks_db")


def renew_leases(backend_name: str, worker_id: str) -> int:
    """Mark the tasks ``worker_id`` is running as seen now: how many."""
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    mine = [task.pk for task in running.only("worker_ids") if task.worker_ids[-1:] == [worker_id]]
    return running.filter(pk__in=mine).update(started_at=timezone.now()) if mine else 0


def reclaim_abandoned_tasks(backend_name: str, lease: timedelta) -> int:
    """Make READY again the tasks whose lease ran out (their worker is gone): how many."""
    return (
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name, started_at__lt=timezone.now() - lease)
        .update(status=TaskResultStatus.READY)
    )


class Leases(threading.Thread):
    """Renews this worker's leases and reclaims expired ones, until the process ends."""

    def __init__(self, backend_name: str, worker_id: str, lease: timedelta) -> None:
        super().__init__(name="task-leases", daemon=True)
        self.backend_name, self.worker_id, self.lease = backend_name, worker_id, lease

    def check(self) -> None:
        renew_leases(self.backend_name, self.worker_id)
        if reclaimed := reclaim_abandoned_tasks(self.backend_name, self.lease):
            log.warning("Re-queued %d task(s) left running by a worker that stopped", reclaimed)
        if requeued := requeue_unqueued():
            log.warning("Queued %d mail(s) again whose queueing had failed", requeued)

    def run(self) -> None:
        every = max(self.lease.total_seconds() / 4, 0.2)
        while True:
            try:
                self.check()
            except Exception:
                # A database that is briefly away: the next round tries again.
                log.exception("Could not renew or reclaim task leases")
            finally:
                connection.close()  # this thread's own connection
            time.sleep(every)


class Command(db_worker.Command):
    help = (
        "Run tasks from the database queue (django-tasks-db's db_worker), keeping a "
        "lease on the task in hand and re-queueing tasks whose worker was killed. "
        "Start as many as needed, each with its own --worker-id (the default is random)."
    )

    def handle(self, *args, **options) -> None:
        self.configure_logging(options["verbosity"])
        lease = timedelta(seconds=settings.TASKS_LEASE_SECONDS)
        leases = Leases(options["backend_name"], options["worker_id"], lease)
        leases.check()  # before the first task: what a killed predecessor left
        leases.start()
        super().handle(*args, **options)
