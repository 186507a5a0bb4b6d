"""
The newsletter, end to end through a real SMTP server (aiosmtpd on
127.0.0.1): double opt-in, no enumeration, bad input, publishing (now and
scheduled), the weekly digest, one-click unsubscribe, sends that never
double, bounces and erasure. Tasks run at once (ImmediateBackend) on commit.
"""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from blog import newsletter, newsletter_sending, workflow
from blog.models import Delivery, NewsletterSend, Post, Subscriber
from tests import newsletter_smtp
from tests.newsletter_smtp import newsletters

pytestmark = pytest.mark.django_db

SITE = "https://blog.example.com"
LINK_RE = re.compile(r"https://blog\.example\.com(/newsletter/confirm/[^/\s]+/)")


@pytest.fixture
def inbox(smtp_server, settings):
    """Every mail goes to a real SMTP server; links point at SITE."""
    settings.SITE_URL = SITE
    settings.NEWSLETTER_MAX_PER_SECOND = 0
    return smtp_server


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the queued mail and sends), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def subscribe(client, email: str, **extra):
    data = {"email": email, "website": "", "source": "/blog/rebuilding-trust/", **extra}
    return client.post(reverse("blog:newsletter"), data, REMOTE_ADDR="203.0.113.9")


def make_subscriber(email: str, frequency="post", status="confirmed") -> Subscriber:
    return Subscriber.objects.create(
        email=email, frequency=frequency, status=status, confirmed_at=timezone.now()
    )


# --- Double opt-in ---------------------------------------------------------------------


def test_subscribing_mails_only_a_signed_confirmation_link(client, inbox, on_commit):
    with on_commit():
        response = subscribe(client, "maya@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("blog:newsletter_check_inbox")
    [message] = inbox.received_by("maya@example.org")
    assert "Confirm" in message["Subject"]
    assert LINK_RE.search(newsletter_smtp.text_part(message))
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == "/blog/rebuilding-trust/"
    # The IP only as the comments' keyed hash.
    assert subscriber.ip_hash and "203.0.113.9" not in subscriber.ip_hash
    assert subscriber.confirmed_at is None


def test_the_confirmation_link_asks_then_records_consent_and_frequency(client, inbox, on_commit):
    with on_commit():
        subscribe(client, "maya@example.org")
    path = LINK_RE.search(newsletter_smtp.text_part(inbox.received[0])).group(1)
    page = client.get(path)
    assert page.status_code == 200 and b"Confirm" in page.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # a GET confirms nothing
    response = client.post(path, {"frequency": "weekly"})
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.frequency == Subscriber.Frequency.WEEKLY
    assert subscriber.confirmed_at is not None


def test_a_tampered_confirmation_link_says_so_and_changes_nothing(client):
    subscriber = make_subscriber("maya@example.org", status="pending")
    token = newsletter.confirm_token(subscriber)
    response = client.post(
        reverse("blog:newsletter_confirm", args=[token[:-3] + "abc"]), {"frequency": "post"}
    )
    assert response.status_code == 400
    assert b"not valid" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_an_expired_confirmation_link_says_so_and_changes_nothing(client, monkeypatch):
    subscriber = make_subscriber("maya@example.org", status="pending")
    token = newsletter.confirm_token(subscriber)
    eight_days = timezone.now().timestamp() + 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: eight_days)
    response = client.post(reverse("blog:newsletter_confirm", args=[token]), {"frequency": "post"})
    assert response.status_code == 400
    assert b"expired" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_the_answer_is_the_same_for_new_pending_and_confirmed_addresses(client, inbox, on_commit):
    make_subscriber("known@example.org")
    make_subscriber("waiting@example.org", status="pending")
    answers = []
    for address in ("new@example.org", "waiting@example.org", "known@example.org"):
        with on_commit():
            response = subscribe(client, address)
        answers.append((response.status_code, response["Location"]))
    assert len(set(answers)) == 1
    # A confirmed address gets no mail: nothing tells its owner someone typed it.
    assert inbox.received_by("known@example.org") == []
    assert (
        len(inbox.received_by("new@example.org"))
        == len(inbox.received_by("waiting@example.org"))
        == 1
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your email address."),
        ("not an address", "does not look like an email address"),
        ("maya@@example.org", "does not look like an email address"),
        ("a" * 250 + "@example.org", "too long"),
        ("maya@example.org\r\nBcc: everyone@example.org", "line break"),
        ("maya@example.org\nSubject: hi", "line break"),
    ],
)
def test_a_bad_address_is_refused_plainly_and_kept(client, inbox, on_commit, typed, message):
    with on_commit():
        response = subscribe(client, typed)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert inbox.received == []
    if typed and "\n" not in typed:
        assert f'value="{typed}"' in response.content.decode()


def test_the_honeypot_gets_the_same_answer_and_nothing_is_stored(client, inbox, on_commit):
    with on_commit():
        response = subscribe(client, "bot@example.org", website="http://spam.example")
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0 and inbox.received == []


def test_the_rate_limit_keeps_the_address_typed(client, settings):
    settings.NEWSLETTER_RATE_LIMIT = 2
    for n in range(2):
        assert subscribe(client, f"reader{n}@example.org").status_code == 302
    response = subscribe(client, "third@example.org")
    assert response.status_code == 429
    assert 'value="third@example.org"' in response.content.decode()
    assert not Subscriber.objects.filter(email="third@example.org").exists()


def test_without_a_csrf_token_the_form_comes_back_with_one_and_the_address(settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = subscribe(client, "maya@example.org")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'value="maya@example.org"' in body
    assert 'name="csrfmiddlewaretoken" value="' in body and "press Subscribe once more" in body
    assert Subscriber.objects.count() == 0


def test_the_post_page_form_is_the_same_for_everyone(client, post):
    body = client.get(post.get_absolute_url()).content.decode()
    assert 'action="/newsletter/"' in body
    assert "csrfmiddlewaretoken" not in body  # newsletter.js fetches this reader's
    assert 'name="source" value="/blog/rebuilding-trust/"' in body
    assert "newsletter.js" in body


def test_the_newsletter_page_form_names_its_own_page_as_the_source(client, db):
    body = client.get(reverse("blog:newsletter")).content.decode()
    assert 'name="source" value="/newsletter/"' in body


def test_no_public_page_shows_a_subscriber(client, post):
    make_subscriber("secret-reader@example.org")
    for url in (post.get_absolute_url(), "/", reverse("blog:newsletter"), "/feed/"):
        assert b"secret-reader" not in client.get(url).content


# --- Publishing sends the post, once ------------------------------------------------------


@pytest.fixture
def readers(db):
    return {
        "every": make_subscriber("every@example.org"),
        "weekly": make_subscriber("weekly@example.org", frequency="weekly"),
        "pending": make_subscriber("pending@example.org", status="pending"),
        "gone": make_subscriber("gone@example.org", status="unsubscribed"),
    }


@pytest.fixture
def draft(make_post):
    return make_post(title="On listening", slug="on-listening", status=Post.Status.DRAFT)


def test_publishing_mails_the_post_once_to_every_post_subscribers(
    draft, editor, readers, inbox, on_commit
):
    with on_commit():
        workflow.publish(draft, editor)
    assert [rcpts for rcpts, _ in newsletters(inbox)] == [["every@example.org"]]
    [(_, message)] = newsletters(inbox)
    assert message["Subject"].endswith("On listening")
    text, html = newsletter_smtp.text_part(message), newsletter_smtp.html_part(message)
    assert f"{SITE}/blog/on-listening/" in text and f'href="{SITE}/blog/on-listening/"' in html
    assert "The first paragraph" in text and "The first paragraph" in html
    assert "because you subscribed" in text and "because you subscribed" in html
    # No remote images, no tracking, no style sheet: inline CSS only.
    assert "<img" not in html and "<link" not in html and "<style" not in html
    unsubscribe, mailto = re.fullmatch(r"<(.+)>, <(.+)>", message["List-Unsubscribe"]).groups()
    assert unsubscribe.startswith(f"{SITE}/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    send = NewsletterSend.objects.with_counts().get(post=draft)
    assert (send.total, send.sent_count, send.remaining_count) == (1, 1, 0)


def test_editing_a_published_post_sends_nothing_more(draft, editor, readers, inbox, on_commit):
    with on_commit():
        workflow.publish(draft, editor)
        draft.refresh_from_db()
        draft.title = "On listening, again"
        draft.save()
        workflow.unpublish(draft, editor)
        workflow.publish(draft, editor)
    assert len(newsletters(inbox)) == 1


def test_an_unticked_post_is_not_mailed_even_if_ticked_after_publication(
    draft, editor, readers, inbox, on_commit
):
    draft.email_subscribers = False
    draft.save()
    with on_commit():
        workflow.publish(draft, editor)
        draft.refresh_from_db()
        draft.email_subscribers = True
        draft.save()
    assert newsletters(inbox) == [] and not NewsletterSend.objects.exists()


def test_a_scheduled_post_is_mailed_when_it_goes_live_by_itself(
    draft, editor, readers, inbox, on_commit
):
    with on_commit():
        workflow.publish(draft, editor, at=timezone.now() + timedelta(hours=1))
    assert newsletters(inbox) == []  # not live yet
    Post.objects.filter(pk=draft.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    newsletter_sending.run_due()
    newsletter_sending.run_due()
    assert [rcpts for rcpts, _ in newsletters(inbox)] == [["every@example.org"]]


def test_running_a_send_again_sends_nobody_a_second_copy(draft, editor, inbox, on_commit):
    for n in range(5):
        make_subscriber(f"reader{n}@example.org")
    with on_commit():
        workflow.publish(draft, editor)
    send = NewsletterSend.objects.get()
    assert newsletter_sending.run(send) == {"sent": 0, "failed": 0, "skipped": 0, "retry": 0}
    newsletter_sending.run_send_task.call(send.pk)
    assert sorted(r for rcpts, _ in newsletters(inbox) for r in rcpts) == [
        f"reader{n}@example.org" for n in range(5)
    ]


def test_a_send_interrupted_halfway_resumes_where_it_stopped(draft, editor, inbox, on_commit):
    for n in range(4):
        make_subscriber(f"reader{n}@example.org")
    draft.email_subscribers = False  # made by hand below, not on publication
    draft.save()
    workflow.publish(draft, editor)
    draft.refresh_from_db()
    send = NewsletterSend.objects.create(post=draft)
    newsletter_sending.prepare(send)
    # As a worker killed after two messages leaves it: two sent, two still queued.
    first_two = list(send.deliveries.order_by("pk")[:2])
    Delivery.objects.filter(pk__in=[d.pk for d in first_two]).update(status="sent")
    send.refresh_from_db()
    newsletter_sending.run(send)
    got = sorted(r for rcpts, _ in newsletters(inbox) for r in rcpts)
    assert got == sorted(
        d.subscriber.email for d in send.deliveries.exclude(pk__in=[d.pk for d in first_two])
    )
    assert send.deliveries.filter(status="sent").count() == 4


def test_someone_who_unsubscribes_mid_send_is_skipped(draft, editor, inbox):
    reader = make_subscriber("leaving@example.org")
    draft.email_subscribers = False
    draft.save()
    workflow.publish(draft, editor)
    draft.refresh_from_db()
    send = NewsletterSend.objects.create(post=draft)
    newsletter_sending.prepare(send)
    newsletter.unsubscribe(reader)
    newsletter_sending.run(send)
    assert newsletters(inbox) == []
    assert send.deliveries.get().status == Delivery.Status.SKIPPED


def test_the_throttle_caps_messages_per_second(draft, editor, inbox, settings):
    for n in range(3):
        make_subscriber(f"reader{n}@example.org")
    settings.NEWSLETTER_MAX_PER_SECOND = 10
    draft.email_subscribers = False
    draft.save()
    workflow.publish(draft, editor)
    draft.refresh_from_db()
    send = NewsletterSend.objects.create(post=draft)
    started = timezone.now()
    newsletter_sending.run(send)
    assert (timezone.now() - started).total_seconds() >= 0.25
    assert len(newsletters(inbox)) == 3


# --- The SMTP server says no ----------------------------------------------------------


def test_a_refused_address_is_marked_bounced_and_not_retried(draft, editor, inbox, on_commit):
    make_subscriber("nobody@example.org")
    make_subscriber("every@example.org")
    inbox.refuse_permanently("nobody@example.org")
    with on_commit():
        workflow.publish(draft, editor)
    send = NewsletterSend.objects.get()
    assert send.deliveries.get(subscriber__email="nobody@example.org").status == "failed"
    assert Subscriber.objects.get(email="nobody@example.org").status == "bounced"
    assert [rcpts for rcpts, _ in newsletters(inbox)] == [["every@example.org"]]


def test_a_temporary_failure_is_retried_later_and_sent_once(draft, editor, inbox, on_commit):
    make_subscriber("busy@example.org")
    inbox.refuse_temporarily("busy@example.org")
    with on_commit():
        workflow.publish(draft, editor)
    delivery = Delivery.objects.get()
    assert delivery.status == "queued" and delivery.retry_at > timezone.now()
    Delivery.objects.update(retry_at=timezone.now())
    newsletter_sending.run_due()
    newsletter_sending.run_due()
    assert len([m for r, m in newsletters(inbox) if "busy@example.org" in r]) == 1
    assert Delivery.objects.get().status == "sent"


# --- The weekly digest ----------------------------------------------------------------


def at_local(settings, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_the_weekly_digest_goes_out_once_on_monday_morning(make_post, readers, inbox, settings):
    for title, day, hour in [
        ("Last Tuesday's", 24, 10),
        ("Last Sunday's", 29, 22),
        ("Older", 20, 9),
    ]:
        # Made published (not published by an editor): no send of their own.
        make_post(
            title=f"{title} post",
            published_at=at_local(settings, 2026, 11, day, hour),
            email_subscribers=False,
        )
    monday_early = at_local(settings, 2026, 11, 30, settings.NEWSLETTER_DIGEST_HOUR - 1)
    newsletter_sending.run_due(monday_early)
    assert newsletters(inbox) == []
    monday = at_local(settings, 2026, 11, 30, settings.NEWSLETTER_DIGEST_HOUR, 5)
    newsletter_sending.run_due(monday)
    newsletter_sending.run_due(monday + timedelta(hours=3))
    [(_, message)] = newsletters(inbox)
    assert newsletters(inbox)[0][0] == ["weekly@example.org"]
    text = newsletter_smtp.text_part(message)
    assert "Last Tuesday's post" in text and "Last Sunday's post" in text
    assert "Older post" not in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_week_without_posts_sends_no_digest(readers, inbox, settings):
    newsletter_sending.run_due(at_local(settings, 2026, 11, 30, 9))
    assert newsletters(inbox) == [] and not NewsletterSend.objects.exists()


# --- Unsubscribing --------------------------------------------------------------------


def test_the_one_click_post_unsubscribes_at_once_without_login(
    client, draft, editor, readers, inbox, on_commit
):
    with on_commit():
        workflow.publish(draft, editor)
    [(_, message)] = newsletters(inbox)
    link = re.match(r"<([^>]+)>", message["List-Unsubscribe"]).group(1)
    path = urlsplit(link).path
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)  # a mail client has no cookie and no token
    response = strict.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get(email="every@example.org").status == "unsubscribed"


def test_the_unsubscribe_link_opened_shows_one_button_and_changes_nothing(client, readers):
    path = reverse(
        "blog:newsletter_unsubscribe", args=[newsletter.unsubscribe_token(readers["every"])]
    )
    response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode().count(">Unsubscribe</button>") == 1
    assert Subscriber.objects.get(email="every@example.org").status == "confirmed"


def test_a_tampered_unsubscribe_link_says_so_and_changes_nothing(client, readers):
    token = newsletter.unsubscribe_token(readers["every"])
    response = client.post(reverse("blog:newsletter_unsubscribe", args=[token + "x"]))
    assert response.status_code == 400 and b"not valid" in response.content
    assert Subscriber.objects.get(email="every@example.org").status == "confirmed"


def test_erasing_an_address_leaves_no_row_and_no_delivery(draft, editor, readers, inbox, on_commit):
    with on_commit():
        workflow.publish(draft, editor)
    assert Delivery.objects.filter(subscriber=readers["every"]).exists()
    assert newsletter.erase("EVERY@example.org") == 1
    assert not Subscriber.objects.filter(email__iexact="every@example.org").exists()
    assert not Delivery.objects.filter(subscriber_id=readers["every"].pk).exists()


def published_send(draft, editor) -> NewsletterSend:
    """The draft published without its own send, and a send made (not run) for it."""
    draft.email_subscribers = False
    draft.save()
    workflow.publish(draft, editor)
    draft.refresh_from_db()
    send = NewsletterSend.objects.create(post=draft)
    newsletter_sending.prepare(send)
    send.refresh_from_db()
    return send


def test_a_second_worker_holding_the_same_rows_sends_none_of_them_again(draft, editor, inbox):
    for n in range(3):
        make_subscriber(f"reader{n}@example.org")
    send = published_send(draft, editor)
    # Worker B read the queued rows, then worker A sent them all.
    stale = newsletter_sending._due_batch(send)
    newsletter_sending.run(send)
    results = [newsletter_sending._send_one(send, [draft], d) for d in stale]
    assert results == ["skipped"] * 3
    assert len(newsletters(inbox)) == 3
    assert send.deliveries.filter(status="sent").count() == 3


def test_a_worker_killed_mid_message_leaves_it_queued_for_the_next(
    draft, editor, inbox, monkeypatch
):
    for n in range(3):
        make_subscriber(f"reader{n}@example.org")
    send = published_send(draft, editor)
    real_deliver = newsletter_sending.deliver
    calls = []

    def killed_on_the_second(message):
        calls.append(message.to)
        if len(calls) == 2:
            raise SystemExit("SIGKILL")  # the process ends before anything commits
        return real_deliver(message)

    monkeypatch.setattr(newsletter_sending, "deliver", killed_on_the_second)
    with pytest.raises(SystemExit):
        newsletter_sending.run(send)
    assert send.deliveries.filter(status="sent").count() == 1
    assert send.deliveries.filter(status="queued").count() == 2
    monkeypatch.setattr(newsletter_sending, "deliver", real_deliver)
    newsletter_sending.run(send)
    got = sorted(r for rcpts, _ in newsletters(inbox) for r in rcpts)
    assert got == [f"reader{n}@example.org" for n in range(3)]


def test_a_scheduled_post_taken_down_then_published_is_mailed_once(
    draft, editor, readers, inbox, on_commit
):
    with on_commit():
        workflow.publish(draft, editor, at=timezone.now() + timedelta(hours=1))
        workflow.unpublish(draft, editor)
        workflow.publish(draft, editor)
    assert [rcpts for rcpts, _ in newsletters(inbox)] == [["every@example.org"]]
    with on_commit():
        workflow.unpublish(draft, editor)
        workflow.publish(draft, editor)
    newsletter_sending.run_due()
    assert len(newsletters(inbox)) == 1


def test_the_mail_footer_lets_a_subscriber_switch_to_the_weekly_digest(
    client, draft, editor, readers, inbox, on_commit
):
    with on_commit():
        workflow.publish(draft, editor)
    [(_, message)] = newsletters(inbox)
    link = re.search(
        r"https://blog\.example\.com(/newsletter/preferences/\S+/)",
        newsletter_smtp.text_part(message),
    )
    assert client.get(link.group(1)).status_code == 200
    client.post(link.group(1), {"frequency": "weekly"})
    assert Subscriber.objects.get(email="every@example.org").frequency == "weekly"
    response = client.post(link.group(1)[:-3] + "xx/", {"frequency": "post"})
    assert response.status_code == 400
    assert Subscriber.objects.get(email="every@example.org").frequency == "weekly"
