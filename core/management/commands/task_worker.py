"""
The task worker: django-tasks-db's ``db_worker``, after putting back on the
queue the tasks a killed worker left behind.

django-tasks-db marks a task RUNNING when a worker claims it (one UPDATE
under ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive
transaction on SQLite, so two workers never claim one task) and never looks
at it again if that worker dies: it would stay RUNNING for good. A task
RUNNING for longer than TASKS_LEASE_SECONDS is taken to be such a task and
made READY, so this worker (or another) runs it again. The lease is far
longer than any task of ours runs (a mail's is bounded by the SMTP timeout).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def reclaim_abandoned_tasks(backend_name: str, lease: timedelta) -> int:
    """Make READY again the tasks RUNNING for longer than ``lease``: how many."""
    return (
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name, started_at__lt=timezone.now() - lease)
        .update(status=TaskResultStatus.READY)
    )


class Command(db_worker.Command):
    help = (
        "Run tasks from the database queue (django-tasks-db's db_worker), after "
        "re-queueing tasks a killed worker left running. Start as many as needed."
    )

    def handle(self, *args, **options) -> None:
        self.configure_logging(options["verbosity"])
        lease = timedelta(seconds=settings.TASKS_LEASE_SECONDS)
        if reclaimed := reclaim_abandoned_tasks(options["backend_name"], lease):
            db_worker.logger.warning(
                "Re-queued %d task(s) left running by a worker that stopped", reclaimed
            )
        super().handle(*args, **options)
