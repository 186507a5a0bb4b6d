"""Mail of the review workflow: after commit, with the note and a link; never costing the move."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from blog import workflow
from blog.models import Post
from core.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_post):
    return make_post(title="On listening", slug="listening", status=Post.Status.DRAFT)


def test_editors_are_emailed_when_a_post_is_submitted(
    draft, author_user, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(draft, author_user, "Ready for you.", "https://blog.example")
    [message] = mail.outbox
    assert message.to == [editor.email]
    assert "On listening" in message.subject
    assert "Ready for you." in message.body
    assert f"https://blog.example/admin/blog/post/{draft.pk}/review/" in message.body


def test_no_mail_leaves_before_the_transaction_commits(
    draft, author_user, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.submit_for_review(draft, author_user)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):  # the mail's task, on commit
        for callback in callbacks:
            callback()
    assert len(mail.outbox) == 1


def test_authors_are_not_emailed_about_submissions(
    draft, author_user, second_author_user, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(draft, author_user)
    assert all(second_author_user.email not in m.to for m in mail.outbox)
    assert all(author_user.email not in m.to for m in mail.outbox)


def test_author_is_emailed_the_note_when_her_post_is_returned(
    draft, author_user, editor, django_capture_on_commit_callbacks
):
    workflow.submit_for_review(draft, author_user)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_author(draft, editor, "Name the study.", "https://blog.example")
    [message] = mail.outbox
    assert message.to == [author_user.email]
    assert "Name the study." in message.body
    assert f"https://blog.example/admin/blog/post/{draft.pk}/change/" in message.body


def test_author_is_emailed_when_her_post_is_published(
    draft, author_user, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(draft, editor, base_url="https://blog.example")
    [message] = mail.outbox
    assert message.to == [author_user.email]
    assert "is published" in message.body
    assert "https://blog.example/listening/" in message.body or draft.get_absolute_url() in (
        message.body
    )


def test_author_is_emailed_the_time_when_her_post_is_scheduled(
    draft, author_user, editor, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(draft, editor, at=at)
    [message] = mail.outbox
    assert "scheduled" in message.subject
    assert f"{timezone.localtime(at):%B %-d, %Y at %H:%M}" in message.body


def test_a_failing_mail_server_keeps_the_submission_and_the_mail_waits_in_the_queue(
    draft, author_user, editor, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(draft, author_user)
    assert Post.objects.get(pk=draft.pk).status == Post.Status.REVIEW
    waiting = OutgoingMail.objects.get(to=editor.email)
    assert waiting.status == "queued" and "Connection refused" in waiting.last_error
    assert "ConnectionRefusedError" in caplog.text
