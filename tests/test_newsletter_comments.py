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


# --- A reader's own comments --------------------------------------------------------

MY_DATA_RE = re.compile(r"http://testserver(/comments/my-data/[^/\s]+/)")


@pytest.fixture
def written(post, parent):
    reply = Comment.objects.create(
        post=post, parent=parent, name="Sam", email="sam@example.org", body="Sam's reply."
    )
    Comment.objects.create(post=post, name="Sam", email="SAM@example.org", body="Sam again.")
    Comment.objects.create(post=post, parent=reply, name="Other", body="Answering Sam.")
    ConfirmedAddress.objects.create(email="sam@example.org")
    return reply


def ask(client, email, commit):
    with commit(execute=True):
        return client.post("/comments/my-data/", {"email": email})


def test_the_request_mails_a_link_only_to_an_address_that_commented(
    client, written, smtp_server, django_capture_on_commit_callbacks
):
    known = ask(client, "sam@example.org", django_capture_on_commit_callbacks)
    unknown = ask(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content  # nobody learns who commented
    assert len(to(smtp_server, "sam@example.org")) == 1
    assert to(smtp_server, "nobody@example.org") == []


def test_the_link_exports_the_comments_as_json(
    client, written, smtp_server, django_capture_on_commit_callbacks
):
    ask(client, "sam@example.org", django_capture_on_commit_callbacks)
    [message] = to(smtp_server, "sam@example.org")
    path = MY_DATA_RE.search(message.get_body(("plain",)).get_content()).group(1)
    assert client.get(path).status_code == 200
    response = client.post(path, {"choice": "export"})
    assert response["Content-Disposition"].startswith("attachment")
    bodies = sorted(c["comment"] for c in response.json()["comments"])
    assert bodies == ["Sam again.", "Sam's reply."]


def test_the_link_erases_every_trace_of_the_address(
    client, written, smtp_server, django_capture_on_commit_callbacks
):
    ask(client, "sam@example.org", django_capture_on_commit_callbacks)
    [message] = to(smtp_server, "sam@example.org")
    path = MY_DATA_RE.search(message.get_body(("plain",)).get_content()).group(1)
    response = client.post(path, {"choice": "erase"})
    assert response.status_code == 200 and b"erased" in response.content
    assert not Comment.objects.filter(email__iexact="sam@example.org").exists()
    written.refresh_from_db()  # answered by someone: kept in its thread, emptied
    assert written.name == "(erased)" and written.email == ""
    assert not ConfirmedAddress.objects.exists()
    from core.models import OutgoingMail

    assert not OutgoingMail.objects.filter(to__iexact="sam@example.org").exists()


def test_a_tampered_my_data_link_sends_and_erases_nothing(client, written):
    response = client.post("/comments/my-data/not-a-token/", {"choice": "erase"})
    assert response.status_code == 400 and b"not valid" in response.content
    assert Comment.objects.filter(email__iexact="sam@example.org").count() == 2


def test_a_bad_address_is_refused_and_kept(client):
    response = client.post("/comments/my-data/", {"email": "sam@example.org\r\nBcc: x@y.z"})
    assert response.status_code == 400 and b"line break" in response.content
    response = client.post("/comments/my-data/", {"email": "not an address"})
    assert response.status_code == 400 and b'value="not an address"' in response.content
