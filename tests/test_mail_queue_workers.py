"""
Worker processes (``manage.py task_worker``) on a shared PostgreSQL database,
sending to a real SMTP server: two workers never send one message twice, and
a worker killed mid-send (SIGKILL) leaves the message to the next worker,
which sends it once. Skipped on SQLite, whose test database lives in memory;
the PostgreSQL run (`make test-postgres`, in CI) runs them.
"""

import time
from collections import Counter

from django_tasks_db.models import DBTaskResult

from core.models import OutgoingMail
from core.outbox import queue_mail

from .task_workers import wait_for_count

ADDRESS = "reader@example.org"


def sent() -> int:
    return OutgoingMail.objects.filter(status="sent").count()


def test_two_workers_send_each_of_many_messages_exactly_once(task_workers, smtp_server):
    smtp_server.slow_down(0.02)  # long enough for both workers to take a share
    task_workers("worker-a", "worker-b", **smtp_server.settings_env())
    addresses = [f"reader{n}@example.org" for n in range(40)]
    queue_mail(subject="This week", body="Three new posts.", to=addresses)  # commits now
    wait_for_count(sent, 40)
    time.sleep(0.3)  # time for a second copy to arrive, if one were sent
    assert Counter(message["To"] for message in smtp_server.received) == dict.fromkeys(addresses, 1)
    tasks = list(DBTaskResult.objects.all())
    assert len(tasks) == 40 and all(task.status == "SUCCESSFUL" for task in tasks)
    assert all(len(task.worker_ids) == 1 for task in tasks)  # each run once
    assert {task.worker_ids[0] for task in tasks} == {"worker-a", "worker-b"}


def test_a_worker_killed_mid_send_leaves_the_message_to_the_other_worker(task_workers, smtp_server):
    settings_env = {**smtp_server.settings_env(), "TASKS_LEASE_SECONDS": "2"}
    smtp_server.stall_data_for(ADDRESS)
    workers = task_workers("a", "b", **settings_env)
    (mail,) = queue_mail(subject="Once", body="Exactly once.", to=[ADDRESS])
    assert smtp_server.recorder.stalled.wait(20)
    task = DBTaskResult.objects.get()
    (holder,) = task.worker_ids
    workers[holder].kill()  # mid-DATA: the server has not accepted the message
    (other,) = set(workers) - {holder}
    task.refresh_from_db()
    mail.refresh_from_db()
    assert (task.status, mail.status) == ("RUNNING", "sending")  # left behind
    smtp_server.release()
    # The other worker, running all along, takes it once the lease runs out.
    wait_for_count(sent, 1)
    assert [message["To"] for message in smtp_server.wait_for(1)] == [ADDRESS]
    mail.refresh_from_db()
    assert mail.attempts == 2
    assert "Re-queued 1 task(s)" in workers[other].log()
    task.refresh_from_db()
    assert task.worker_ids == [holder, other]


def test_a_task_running_longer_than_the_lease_is_not_taken_from_its_live_worker(
    task_workers, smtp_server
):
    settings_env = {**smtp_server.settings_env(), "TASKS_LEASE_SECONDS": "2"}
    smtp_server.stall_data_for(ADDRESS)
    workers = task_workers("a", "b", **settings_env)
    queue_mail(subject="Slow", body="A slow server.", to=[ADDRESS])
    assert smtp_server.recorder.stalled.wait(20)
    time.sleep(5)  # two and a half leases: renewed all along by its worker
    (task,) = DBTaskResult.objects.all()
    assert task.status == "RUNNING" and len(task.worker_ids) == 1
    assert all("Re-queued" not in worker.log() for worker in workers.values())
    smtp_server.release()
