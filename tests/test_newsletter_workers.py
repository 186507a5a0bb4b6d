"""
The newsletter's send run by real worker processes (``manage.py
task_worker``) on a shared PostgreSQL database, to a real SMTP server: two
workers on one send, and a worker killed (SIGKILL) mid-message, leave every
confirmed subscriber exactly one copy. Skipped on SQLite (its test database
lives in memory); `make test-postgres` runs them.
"""

import time
from collections import Counter

from django.utils import timezone

from blog import newsletter_sending, workflow
from blog.models import Delivery, NewsletterSend, Post, Subscriber

from .task_workers import wait_for_count

READERS = [f"reader{n:02d}@example.org" for n in range(30)]


def sent() -> int:
    return Delivery.objects.filter(status="sent").count()


def subscribe_readers() -> None:
    Subscriber.objects.bulk_create(
        Subscriber(email=email, status="confirmed", confirmed_at=timezone.now())
        for email in READERS
    )


def copies(smtp_server) -> Counter:
    return Counter(m["To"] for m in smtp_server.received if m["List-Unsubscribe-Post"])


def test_two_workers_on_one_send_mail_each_subscriber_once(
    task_workers, smtp_server, make_post, editor
):
    subscribe_readers()
    smtp_server.slow_down(0.02)  # both workers are in the send at once
    task_workers("a", "b", NEWSLETTER_MAX_PER_SECOND="0", **smtp_server.settings_env())
    draft = make_post(title="For everyone", slug="for-everyone", status=Post.Status.DRAFT)
    workflow.publish(draft, editor)  # commits: its send is queued
    newsletter_sending.run_send_task.enqueue(NewsletterSend.objects.get().pk)  # and again
    wait_for_count(sent, len(READERS))
    time.sleep(0.5)  # time for a second copy to arrive, if one were sent
    assert copies(smtp_server) == dict.fromkeys(READERS, 1)


def test_a_worker_killed_mid_message_leaves_every_subscriber_one_copy(
    task_workers, smtp_server, make_post, editor
):
    subscribe_readers()
    stalled = READERS[10]
    smtp_server.stall_data_for(stalled)
    workers = task_workers(
        "a",
        "b",
        NEWSLETTER_MAX_PER_SECOND="0",
        TASKS_LEASE_SECONDS="2",
        **smtp_server.settings_env(),
    )
    draft = make_post(title="For everyone", slug="for-everyone", status=Post.Status.DRAFT)
    workflow.publish(draft, editor)
    assert smtp_server.recorder.stalled.wait(30)
    from django_tasks_db.models import DBTaskResult

    send_task = DBTaskResult.objects.get(task_path="blog.newsletter_sending.run_send_task")
    (holder,) = send_task.worker_ids
    workers[holder].kill()  # mid-DATA: its claim on that delivery never commits
    smtp_server.release()
    wait_for_count(sent, len(READERS))
    time.sleep(0.5)
    assert copies(smtp_server) == dict.fromkeys(READERS, 1)
