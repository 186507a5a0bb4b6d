"""
The outbox (core/outbox.py) against a real SMTP server (tests/smtp_server.py):
what arrives, retries with backoff on temporary failures, permanent failures
recorded and announced, and a web request that never waits for or fails with
the mail server. Tasks go to django-tasks-db's table and are run by its
worker loop in this process (tests/task_workers.py); the tests with worker
processes are in test_mail_queue_workers.py.
"""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from core import outbox
from core.management.commands.task_worker import (
    Leases,
    reclaim_abandoned_tasks,
    renew_leases,
)
from core.models import OutgoingMail
from core.outbox import Outcome, classify, deliver, mail_bounced, queue_mail, retry_delay
from tests.comment_helpers import post_comment
from tests.servers import free_port
from tests.task_workers import run_queue_until_empty

pytestmark = pytest.mark.django_db

ADDRESS = "reader@example.org"


@pytest.fixture
def queued(django_capture_on_commit_callbacks):
    """``queued(**fields)``: queue_mail() in a transaction that commits."""

    def queue(**fields) -> OutgoingMail:
        fields = {"subject": "Hello", "body": "Plain words.", "to": [ADDRESS], **fields}
        with django_capture_on_commit_callbacks(execute=True):
            (mail,) = queue_mail(**fields)
        mail.refresh_from_db()
        return mail

    return queue


def retries_come_due() -> None:
    """The clock reaches every retry's time (MAIL_RETRY_SECONDS stays as set)."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.fixture
def bounces():
    addresses: list[str] = []

    def heard(sender, address, **kwargs):
        addresses.append(address)

    mail_bounced.connect(heard, dispatch_uid="test-bounces")
    yield addresses
    mail_bounced.disconnect(dispatch_uid="test-bounces")


def test_a_queued_mail_arrives_with_its_headers_and_both_parts(
    smtp_server, database_task_queue, queued
):
    mail = queued(
        subject="A reply to your comment",
        body="Plain words.\n",
        html="<p>Plain <strong>words</strong>.</p>",
        headers={"List-Unsubscribe": "<https://blog.example/u/abc/>"},
        about="comment 7",
    )
    assert mail.status == "queued" and smtp_server.received == []  # nothing sent in the request
    run_queue_until_empty()
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == ADDRESS and message["Subject"] == "A reply to your comment"
    assert message["List-Unsubscribe"] == "<https://blog.example/u/abc/>"
    assert message.get_body(("plain",)).get_content().splitlines() == ["Plain words."]
    assert "<strong>words</strong>" in message.get_body(("html",)).get_content()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.body, mail.html) == ("sent", 1, "", "")
    assert mail.finished_at is not None


def test_each_recipient_gets_a_message_of_their_own(
    smtp_server, database_task_queue, queued, django_capture_on_commit_callbacks
):
    with_two = ["one@example.org", "two@example.org", "one@example.org"]
    queued(to=["one@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(subject="Hi", body="x", to=with_two)
    run_queue_until_empty()
    received = smtp_server.wait_for(3)
    assert sorted(message["To"] for message in received) == sorted(
        ["one@example.org"] * 2 + ["two@example.org"]
    )


@pytest.mark.parametrize(
    "address",
    ["not an address", "reader@example.org\nBcc: all@example.org", "x" * 250 + "@example.org"],
)
def test_an_address_that_is_not_one_is_skipped_and_the_others_still_get_theirs(
    database_task_queue, address, caplog
):
    queued = queue_mail(subject="Hi", body="x", to=[address, ADDRESS])
    assert [mail.to for mail in queued] == [ADDRESS]
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [ADDRESS]
    assert "is not an email address" in caplog.text


def test_nothing_is_queued_when_the_transaction_rolls_back(database_task_queue):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail(subject="Hi", body="x", to=[ADDRESS])
        raise RuntimeError("the comment was not saved after all")
    assert not OutgoingMail.objects.exists() and not DBTaskResult.objects.exists()


def test_a_temporary_refusal_is_retried_after_a_delay_and_then_delivered(
    smtp_server, database_task_queue, queued, settings
):
    settings.MAIL_RETRY_SECONDS = 60
    smtp_server.refuse_temporarily(ADDRESS, times=1)
    mail = queued()
    run_queue_until_empty()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("queued", 1)
    assert "451" in mail.last_error
    assert mail.next_attempt_at - timezone.now() > timedelta(seconds=55)
    retry = DBTaskResult.objects.ready().count(), DBTaskResult.objects.filter(status="READY").get()
    assert retry[0] == 0  # not before its time
    assert retry[1].run_after == mail.next_attempt_at
    retries_come_due()
    run_queue_until_empty()
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == ADDRESS
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 2, "")


def test_a_refused_connection_is_retried_then_delivered(
    smtp_server, database_task_queue, queued, settings
):
    down = smtp_server.mailers()
    down["default"]["OPTIONS"]["port"] = free_port()  # nothing listens there
    settings.MAILERS = down
    mail = queued()
    run_queue_until_empty(worker_id="first")
    mail.refresh_from_db()
    assert mail.status == "queued" and "Connection refused" in mail.last_error
    settings.MAILERS = smtp_server.mailers()
    retries_come_due()
    run_queue_until_empty(worker_id="second")
    assert [message["To"] for message in smtp_server.wait_for(1)] == [ADDRESS]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("sent", 2)


@pytest.mark.parametrize("attempts, seconds", [(1, 60), (2, 120), (3, 240), (9, 3600)])
def test_retries_back_off_exponentially_up_to_a_cap(settings, attempts, seconds):
    settings.MAIL_RETRY_SECONDS, settings.MAIL_RETRY_MAX_SECONDS = 60, 3600
    assert retry_delay(attempts) == timedelta(seconds=seconds)


def test_a_permanent_refusal_is_recorded_not_retried_and_announced(
    smtp_server, database_task_queue, queued, bounces
):
    smtp_server.refuse_permanently(ADDRESS)
    mail = queued()
    run_queue_until_empty()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("failed", 1)
    assert "550" in mail.last_error and mail.finished_at is not None
    assert bounces == [ADDRESS]
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no retry queued
    assert smtp_server.received == []


def test_the_queue_gives_up_after_the_last_attempt(
    smtp_server, database_task_queue, queued, settings, bounces
):
    settings.MAIL_MAX_ATTEMPTS = 3
    smtp_server.refuse_temporarily(ADDRESS, times=10)
    mail = queued()
    for _ in range(4):
        run_queue_until_empty()
        retries_come_due()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("failed", 3)
    assert mail.last_error.startswith("Gave up after 3 attempts.")
    assert bounces == []  # a busy mailbox is not a bounce


def test_a_message_is_sent_once_however_often_its_task_runs(
    smtp_server, database_task_queue, queued
):
    from core.outbox import send_outgoing_mail

    mail = queued()
    for _ in range(3):
        send_outgoing_mail.call(mail.pk)
    run_queue_until_empty()
    assert len(smtp_server.wait_for(1)) == 1
    assert OutgoingMail.objects.get().attempts == 1


def test_a_message_held_by_a_live_worker_is_left_to_it(database_task_queue, queued):
    from core.outbox import send_outgoing_mail

    mail = queued()
    OutgoingMail.objects.filter(pk=mail.pk).update(status="sending", claimed_at=timezone.now())
    DBTaskResult.objects.all().delete()
    assert send_outgoing_mail.call(mail.pk) == "busy"
    # ...and looks again once that worker's lease has run out.
    (again,) = DBTaskResult.objects.filter(status="READY")
    assert again.run_after > timezone.now()


def test_a_comment_post_succeeds_while_the_mail_server_is_down_and_the_mail_arrives_later(
    client,
    post,
    editor,
    smtp_server,
    database_task_queue,
    settings,
    django_capture_on_commit_callbacks,
):
    down = smtp_server.mailers()
    down["default"]["OPTIONS"]["port"] = free_port()
    settings.MAILERS = down
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, post, email="new@example.org", body="Held for review.")
    assert response.status_code == 302
    comment = Comment.objects.get(body="Held for review.")
    run_queue_until_empty()  # the mail server is still down
    notice = OutgoingMail.objects.get(about=f"comment {comment.pk}", to=editor.email)
    assert notice.status == "queued"
    settings.MAILERS = smtp_server.mailers()  # it is back
    retries_come_due()
    run_queue_until_empty()
    (message,) = smtp_server.received_by(editor.email)
    assert "Comment held" in message["Subject"]
    assert "Held for review." in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    "error, outcome, bounced",
    [
        (
            smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no such user")}),
            Outcome.PERMANENT,
            [ADDRESS],
        ),
        (smtplib.SMTPRecipientsRefused({ADDRESS: (451, b"busy")}), Outcome.RETRY_LATER, []),
        (smtplib.SMTPDataError(554, b"rejected as spam"), Outcome.PERMANENT, []),
        (smtplib.SMTPDataError(452, b"out of space"), Outcome.RETRY_LATER, []),
        (smtplib.SMTPAuthenticationError(535, b"bad password"), Outcome.RETRY_LATER, []),
        (smtplib.SMTPSenderRefused(553, b"sender", "site@example.org"), Outcome.RETRY_LATER, []),
        (smtplib.SMTPServerDisconnected("gone"), Outcome.RETRY_LATER, []),
        (ConnectionRefusedError(111, "Connection refused"), Outcome.RETRY_LATER, []),
        (TimeoutError("timed out"), Outcome.RETRY_LATER, []),
        (ValueError("Header values can't contain newlines"), Outcome.PERMANENT, []),
    ],
)
def test_what_the_mail_server_says_decides_the_outcome(error, outcome, bounced):
    assert classify(error) == (outcome, bounced)


def test_deliver_says_how_it_went_and_never_raises(smtp_server, settings, bounces):
    smtp_server.refuse_permanently("gone@example.org")
    assert deliver(EmailMessage("Hi", "x", to=[ADDRESS])) is Outcome.SENT
    assert deliver(EmailMessage("Hi", "x", to=["gone@example.org"])) is Outcome.PERMANENT
    assert bounces == ["gone@example.org"]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    assert deliver(EmailMessage("Hi", "x", to=[ADDRESS])) is Outcome.RETRY_LATER


def test_erasing_an_address_leaves_no_mail_to_it(queued):
    queued(to=["Reader@Example.org"])
    queued(to=["other@example.org"])
    assert OutgoingMail.objects.erase_address("reader@example.org") == 1
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["other@example.org"]


def test_erasing_a_writers_comments_erases_the_mail_to_them(admin_client, post, queued):
    comment = Comment.objects.create(
        post=post, name="Maya", email=ADDRESS, body="Hi.", status="approved"
    )
    queued(to=[ADDRESS])
    response = admin_client.post(
        "/admin/comments/comment/",
        {"action": "erase_by_email", "_selected_action": [comment.pk], "confirm": "yes"},
    )
    assert response.status_code == 302
    assert not OutgoingMail.objects.for_address(ADDRESS).exists()


def test_editors_see_the_outgoing_mail_but_cannot_change_it(client, editor, queued):
    mail = queued()
    client.force_login(editor)
    assert client.get("/admin/core/outgoingmail/").status_code == 200
    page = client.get(f"/admin/core/outgoingmail/{mail.pk}/change/")
    assert page.status_code == 200 and b'name="subject"' not in page.content
    assert client.post(f"/admin/core/outgoingmail/{mail.pk}/change/", {}).status_code == 403


def test_authors_do_not_see_the_outgoing_mail(client, author_user, queued):
    queued()
    client.force_login(author_user)
    assert client.get("/admin/core/outgoingmail/").status_code == 403
    assert User.objects.filter(pk=author_user.pk, is_staff=True).exists()


def test_a_header_with_a_line_break_fails_for_good_without_reaching_the_server(
    smtp_server, database_task_queue, queued, bounces
):
    mail = queued(subject="Hello\nBcc: everyone@example.org")
    run_queue_until_empty()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("failed", 1)
    assert smtp_server.received == [] and bounces == []


def test_a_task_whose_worker_stopped_renewing_its_lease_runs_again(
    smtp_server, database_task_queue, queued, settings
):
    """What a SIGKILL leaves (test_mail_queue_workers.py kills a real worker on PostgreSQL)."""
    settings.TASKS_LEASE_SECONDS = 60
    mail = queued()
    long_ago = timezone.now() - timedelta(seconds=61)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago, worker_ids=["killed"])
    OutgoingMail.objects.update(status="sending", claimed_at=long_ago, attempts=1)
    # A live worker's task, as old, whose worker renews its lease.
    slow = queued(to=["other@example.org"])
    DBTaskResult.objects.filter(worker_ids=[]).update(
        status="RUNNING", started_at=long_ago, worker_ids=["alive"]
    )
    OutgoingMail.objects.filter(pk=slow.pk).update(status="sending", claimed_at=timezone.now())

    assert renew_leases("default", "alive") == 1
    assert reclaim_abandoned_tasks("default", timedelta(seconds=60)) == 1
    run_queue_until_empty(worker_id="next")
    assert [message["To"] for message in smtp_server.wait_for(1)] == [ADDRESS]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("sent", 2)
    assert OutgoingMail.objects.get(pk=slow.pk).status == "sending"  # left to its worker
    workers = sorted(task.worker_ids for task in DBTaskResult.objects.all())
    assert workers == [["alive"], ["killed", "next"]]


class _QueueAway:
    """The task queue refusing work (its database away): what enqueue() meets then."""

    def using(self, **options) -> "_QueueAway":
        return self

    def enqueue(self, *args) -> None:
        raise ConnectionError("the task queue is not answering")


def test_a_mail_whose_queueing_failed_is_queued_again_by_the_worker_and_arrives(
    smtp_server, database_task_queue, queued, monkeypatch
):
    monkeypatch.setattr(outbox, "send_outgoing_mail", _QueueAway())
    mail = queued()
    assert (mail.status, mail.last_error) == ("queued", outbox.NOT_QUEUED)
    assert not DBTaskResult.objects.exists()  # nothing would ever send it
    monkeypatch.undo()

    Leases("default", "worker", timedelta(seconds=60)).check()  # the worker's round
    run_queue_until_empty()

    assert [message["To"] for message in smtp_server.wait_for(1)] == [ADDRESS]
    mail.refresh_from_db()
    assert (mail.status, mail.last_error) == ("sent", "")
    assert outbox.requeue_unqueued() == 0  # and it is not queued twice


def test_pruning_forgets_finished_mail_past_its_age_and_keeps_what_is_still_queued(queued):
    old, recent, waiting = (queued(to=[f"r{n}@example.org"]) for n in range(3))
    month_ago = timezone.now() - timedelta(days=31)
    OutgoingMail.objects.filter(pk=old.pk).update(status="sent", finished_at=month_ago)
    OutgoingMail.objects.filter(pk=recent.pk).update(status="failed", finished_at=timezone.now())
    OutgoingMail.objects.filter(pk=waiting.pk).update(status="queued", created_at=month_ago)
    out = StringIO()
    call_command("prune_outgoing_mail", "--days", "30", stdout=out)
    assert "Deleted 1 outgoing mail(s)" in out.getvalue()
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
