"""
The newsletter in the admin: editors see subscribers and sends, export and
erase; authors never see an address; the post's "send a test to me".
"""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from blog import newsletter_sending
from blog.models import Delivery, NewsletterSend, Subscriber
from core.models import OutgoingMail

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def subscribers(db):
    return [
        Subscriber.objects.create(
            email="maya@example.org", status="confirmed", confirmed_at=timezone.now()
        ),
        Subscriber.objects.create(email="=HYPERLINK(1)@example.org", source="=cmd|calc"),
        Subscriber.objects.create(email="leo@example.org", status="bounced", frequency="weekly"),
    ]


def logged_in(client, user):
    client.force_login(user)
    return client


def test_editors_export_the_selected_subscribers_to_csv(client, editor, subscribers):
    response = logged_in(client, editor).post(
        reverse("admin:blog_subscriber_changelist"),
        {"action": "export_csv", "_selected_action": [s.pk for s in subscribers]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["email"] for row in rows] == [
        "'=HYPERLINK(1)@example.org",  # a spreadsheet shows it as text, never runs it
        "leo@example.org",
        "maya@example.org",
    ]
    assert rows[0]["source"] == "'=cmd|calc"
    assert rows[1]["status"] == "bounced" and rows[1]["frequency"] == "weekly"


def test_erasing_from_the_admin_leaves_no_row_and_no_delivery(
    client, editor, subscribers, make_post
):
    post = make_post(title="Sent one")
    send = NewsletterSend.objects.get(post=post)
    Delivery.objects.create(send=send, subscriber=subscribers[0], status="sent")
    response = logged_in(client, editor).post(
        reverse("admin:blog_subscriber_changelist"),
        {"action": "erase", "_selected_action": [subscribers[0].pk]},
        follow=True,
    )
    assert b"Erased 1 address(es) and every delivery to them." in response.content
    assert not Subscriber.objects.filter(email="maya@example.org").exists()
    assert not Delivery.objects.exists()
    assert Subscriber.objects.count() == 2


def test_authors_never_see_subscribers_or_sends(client, author_user, subscribers):
    client = logged_in(client, author_user)
    for url in (
        reverse("admin:blog_subscriber_changelist"),
        reverse("admin:blog_subscriber_change", args=[subscribers[0].pk]),
        reverse("admin:blog_newslettersend_changelist"),
    ):
        assert client.get(url).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "Subscribers" not in index and "maya@example.org" not in index


def test_the_editor_cannot_confirm_an_address_for_its_owner(client, editor, subscribers):
    pending = subscribers[1]
    url = reverse("admin:blog_subscriber_change", args=[pending.pk])
    logged_in(client, editor).post(url, {"status": "confirmed", "frequency": "post"})
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING


def test_a_send_shows_its_counts_and_a_progress_bar(
    client, editor, make_post, subscribers, django_assert_max_num_queries
):
    post = make_post(title="Halfway")
    send = NewsletterSend.objects.get(post=post)
    Delivery.objects.create(send=send, subscriber=subscribers[0], status="sent")
    Delivery.objects.create(send=send, subscriber=subscribers[1], status="failed")
    Delivery.objects.create(send=send, subscriber=subscribers[2], status="queued")
    client = logged_in(client, editor)
    with django_assert_max_num_queries(12):  # the counts come with the list, not per row
        page = client.get(reverse("admin:blog_newslettersend_changelist")).content.decode()
    assert '<progress max="3" value="2">2 of 3</progress>' in page
    assert 'style="' not in page.split('id="result_list"')[1].split("</table>")[0]
    detail = client.get(reverse("admin:blog_newslettersend_change", args=[send.pk]))
    assert detail.status_code == 200 and b"<progress" in detail.content


def test_send_a_test_to_me_mails_the_editor_only(
    client, editor, make_post, subscribers, django_capture_on_commit_callbacks
):
    from django.core import mail

    post = make_post(title="Test me")
    change = logged_in(client, editor).get(reverse("admin:blog_post_change", args=[post.pk]))
    assert b"Send a test to me" in change.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:blog_post_newsletter_test", args=[post.pk]))
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [editor.email]
    assert message.subject.startswith("[Test]") and "Test me" in message.subject
    assert OutgoingMail.objects.filter(to=editor.email).exists()
    assert not Delivery.objects.exists()  # no subscriber was mailed


def test_authors_have_no_test_button_and_cannot_post_it(client, author_user, make_post):
    post = make_post(title="Mine")
    client = logged_in(client, author_user)
    change = client.get(reverse("admin:blog_post_change", args=[post.pk]))
    assert b"Send a test to me" not in change.content
    response = client.post(reverse("admin:blog_post_newsletter_test", args=[post.pk]))
    assert response.status_code == 403
    assert not OutgoingMail.objects.exists()


def test_new_posts_are_ticked_to_be_emailed_and_authors_cannot_change_it(
    client, editor, author_user
):
    editor_form = logged_in(client, editor).get(reverse("admin:blog_post_add")).content.decode()
    assert 'name="email_subscribers"' in editor_form
    [box] = re.findall(r'<input type="checkbox" name="email_subscribers"[^>]*>', editor_form)
    assert "checked" in box
    client.logout()
    author_form = logged_in(client, author_user).get(reverse("admin:blog_post_add"))
    assert b'name="email_subscribers"' not in author_form.content


def test_a_post_first_published_in_the_admin_form_makes_its_one_send(editor, make_post):
    post = make_post(title="Draft", status="draft", published_at=None)
    assert not NewsletterSend.objects.exists()
    post.status = "published"
    post.save()
    post.save()
    assert NewsletterSend.objects.filter(post=post).count() == 1
    assert newsletter_sending.is_due(NewsletterSend.objects.get())


def test_the_mail_box_is_offered_until_a_post_is_first_published(client, editor, post):
    """Only the save that first publishes a post mails it: later, the box would do nothing."""
    client.force_login(editor)
    url = reverse("admin:blog_post_change", args=[post.pk])
    assert 'name="email_subscribers"' not in client.get(url).content.decode()
    post.status = post.Status.DRAFT
    post.save()
    assert 'name="email_subscribers"' in client.get(url).content.decode()
