"""Mail about comments: to moderators, to the post's author, and reply notices."""

import re

import pytest
from django.core import mail

from comments.models import Comment, ConfirmedAddress
from core.models import OutgoingMail
from tests.comment_helpers import ensure_default_lists, post_comment


@pytest.fixture(autouse=True)
def default_lists(db):
    """The shipped blocklist and crisis phrases (live-server tests flush them)."""
    ensure_default_lists()


@pytest.fixture(autouse=True)
def author_not_notified(author):
    """Authors are notified by default; these tests turn it on where they mean it."""
    author.notify_on_comments = False
    author.save()


@pytest.fixture
def known(db, post):
    # Reply notices reach only an address confirmed once (tests/test_newsletter_comments.py).
    ConfirmedAddress.objects.create(email="parent@example.org")
    return Comment.objects.create(
        post=post,
        name="Parent Writer",
        email="parent@example.org",
        body="The first comment.",
        status="approved",
        notify_replies=True,
    )


def test_a_held_comment_mails_the_moderators_after_commit(
    client, post, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_comment(client, post, email="new@example.org", body="Held for review.")
    # The notices, the page cache's refresh of the post page, and the queued
    # mail's task (enqueued only once the comment has committed).
    assert len(callbacks) == 3
    assert [m.to for m in mail.outbox] == [["editor@example.com"]]
    message = mail.outbox[0]
    assert "Comment held on “Rebuilding trust”" in message.subject
    assert "first comment" in message.body
    assert "/admin/comments/comment/" in message.body
    assert "new@example.org" not in message.body


def test_no_mail_is_sent_before_the_transaction_commits(client, post, editor):
    post_comment(client, post, email="new@example.org", body="Held, not yet mailed.")
    assert Comment.objects.filter(body="Held, not yet mailed.").exists()
    assert mail.outbox == []


def test_crisis_comments_are_flagged_in_the_subject(
    client, post, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, post, body="I want to die.")
    assert mail.outbox[0].subject.startswith("[Common Ground] CRISIS LANGUAGE.")


def test_a_mail_failure_keeps_the_comment_and_the_notice_waits_in_the_queue(
    client, post, editor, django_capture_on_commit_callbacks, mail_server_down, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, post, email="new@example.org", body="Still saved.")
    assert response.status_code == 302
    comment = Comment.objects.get(body="Still saved.")
    notice = OutgoingMail.objects.get(about=f"comment {comment.pk}")
    assert notice.status == "queued" and notice.attempts == 1
    assert "ConnectionRefusedError" in caplog.text


def test_post_author_is_mailed_only_when_their_profile_says_so(
    client, post, author, django_capture_on_commit_callbacks, known
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, post, email="parent@example.org", body="No author mail.")
    assert mail.outbox == []

    from comments import notifications

    comment = Comment.objects.get(body="No author mail.")
    comment.post.author.notify_on_comments = True
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_post_author(comment, "http://testserver")
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "New comment on “Rebuilding trust”" in mail.outbox[0].subject


def test_reply_notice_goes_once_to_an_opted_in_parent_with_one_click_unsubscribe(
    client, post, known, django_capture_on_commit_callbacks
):
    Comment.objects.create(
        post=post, name="Maya Torres", email="replier@example.org", body="Old.", status="approved"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(
            client, post, email="replier@example.org", body="A reply!", parent=str(known.pk)
        )
    assert [m.to for m in mail.outbox] == [["parent@example.org"]]
    body = mail.outbox[0].body
    assert "A reply!" in body and "parent@example.org" not in body
    reply = Comment.objects.get(body="A reply!")
    assert reply.reply_notice_sent
    link = re.search(r"http://testserver(/comments/unsubscribe/[^/\s]+/)", body).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "no more reply emails" in page.content.decode()
    known.refresh_from_db()
    assert not known.notify_replies


def test_no_reply_notice_without_opt_in(client, post, known, django_capture_on_commit_callbacks):
    known.notify_replies = False
    known.save()
    Comment.objects.create(
        post=post, name="Maya Torres", email="replier@example.org", body="Old.", status="approved"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, post, email="replier@example.org", body="Hi.", parent=str(known.pk))
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["nonsense", "MQ:1tampered:signature"])
def test_a_forged_unsubscribe_link_is_refused_clearly(client, known, token):
    response = client.get(f"/comments/unsubscribe/{token}/")
    assert response.status_code == 400
    known.refresh_from_db()
    assert known.notify_replies
