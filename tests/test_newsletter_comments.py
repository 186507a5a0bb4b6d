"""
Nobody subscribes someone else to reply notices: "Notify me of replies"
mails an address only after it confirmed once through a signed link sent to
it, or when it is already a confirmed newsletter subscriber.
"""

import re

import pytest
from django.core import signing
from django.utils import timezone

from blog.models import Subscriber
from comments.models import Comment, ConfirmedAddress
from tests.comment_helpers import ensure_default_lists, post_comment

pytestmark = pytest.mark.django_db

LINK_RE = re.compile(r"http://testserver(/comments/notify/confirm/[^/\s]+/)")


@pytest.fixture(autouse=True)
def quiet(db, author):
    ensure_default_lists()
    author.notify_on_comments = False
    author.save()


@pytest.fixture
def parent(post):
    return Comment.objects.create(
        post=post,
        name="Parent Writer",
        email="parent@example.org",
        body="The first comment.",
        status="approved",
        notify_replies=True,
    )


def reply_to(client, post, parent, body: str, commit):
    Comment.objects.get_or_create(
        post=post, name="Maya Torres", email="maya@example.org", body="Old.", status="approved"
    )
    with commit(execute=True):
        post_comment(client, post, body=body, parent=str(parent.pk))


def to(smtp_server, address: str):
    return smtp_server.received_by(address)


def test_an_unconfirmed_address_gets_a_link_and_no_reply_notice(
    client, post, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, post, email="someone@example.org", notify_replies="on", name="Sam")
    [message] = to(smtp_server, "someone@example.org")
    assert "Confirm reply notices" in message["Subject"]
    parent = Comment.objects.get(email="someone@example.org")
    parent.status = "approved"
    parent.save()
    reply_to(client, post, parent, "A reply to Sam.", django_capture_on_commit_callbacks)
    assert len(to(smtp_server, "someone@example.org")) == 1  # the link only, no notice


def test_after_confirming_the_next_reply_notice_arrives(
    client, post, parent, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, post, email="parent@example.org", notify_replies="on", body="Again.")
    [link_mail] = to(smtp_server, "parent@example.org")
    path = LINK_RE.search(link_mail.get_body(("plain",)).get_content()).group(1)
    assert client.get(path).status_code == 200
    assert not ConfirmedAddress.objects.exists()  # opening it confirms nothing
    assert client.post(path).status_code == 200
    assert ConfirmedAddress.objects.filter(email="parent@example.org").exists()
    reply_to(client, post, parent, "A reply!", django_capture_on_commit_callbacks)
    notices = [m for m in to(smtp_server, "parent@example.org") if "replied" in m["Subject"]]
    assert len(notices) == 1


def test_a_confirmed_subscriber_needs_nothing_more(
    client, post, parent, smtp_server, django_capture_on_commit_callbacks
):
    Subscriber.objects.create(
        email="Parent@example.org", status="confirmed", confirmed_at=timezone.now()
    )
    reply_to(client, post, parent, "A reply!", django_capture_on_commit_callbacks)
    [notice] = to(smtp_server, "parent@example.org")
    assert "replied to your comment" in notice["Subject"]


def test_the_link_is_mailed_at_most_once_a_day(
    client, post, smtp_server, django_capture_on_commit_callbacks
):
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(
                client, post, email="victim@example.org", notify_replies="on", body=f"Spam {n}."
            )
    assert len(to(smtp_server, "victim@example.org")) == 1


@pytest.mark.parametrize("kind", ["nonsense", "other salt"])
def test_a_tampered_link_says_so_and_confirms_nothing(client, kind):
    token = "nonsense" if kind == "nonsense" else signing.dumps("x@example.org", salt="other")
    response = client.post(f"/comments/notify/confirm/{token}/")
    assert response.status_code == 400 and b"not valid" in response.content
    assert not ConfirmedAddress.objects.exists()
