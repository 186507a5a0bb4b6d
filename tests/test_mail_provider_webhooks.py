"""
A mail provider's bounce and complaint webhooks (core/mail_provider.py):
Postmark's, posted here as Postmark posts them, through django-anymail's view.
"""

import base64
import json

import pytest
from django.utils import timezone

from blog.models import Subscriber
from core import mail_provider

SECRET = "hook:s3cret-for-tests"
URL = "/anymail/postmark/tracking/"


@pytest.fixture(autouse=True)
def provider(settings):
    settings.ROOT_URLCONF = "tests.urls_with_mail_provider"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    mail_provider.connect_receivers()  # what CoreConfig.ready does when anymail is installed


@pytest.fixture
def subscriber(db) -> Subscriber:
    return Subscriber.objects.create(
        email="reader@example.org", status="confirmed", confirmed_at=timezone.now()
    )


def post_event(client, event: dict, secret: str = SECRET):
    auth = base64.b64encode(secret.encode()).decode()
    return client.post(
        URL, json.dumps(event), content_type="application/json", HTTP_AUTHORIZATION=f"Basic {auth}"
    )


def bounce(email: str, kind: str = "HardBounce") -> dict:
    return {
        "RecordType": "Bounce",
        "Type": kind,
        "Email": email,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "BouncedAt": "2026-12-04T10:00:00Z",
        "Description": "The server was unable to deliver your message.",
    }


def test_a_hard_bounce_stops_the_newsletter_to_that_address(client, subscriber):
    assert post_event(client, bounce("Reader@Example.org")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED


def test_a_spam_complaint_unsubscribes_the_reader(client, subscriber):
    event = {**bounce("reader@example.org"), "RecordType": "SpamComplaint", "Type": "SpamComplaint"}
    assert post_event(client, event).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_temporary_failure_changes_nothing(client, subscriber):
    assert post_event(client, bounce("reader@example.org", kind="Transient")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_call_without_the_webhook_secret_is_refused_and_changes_nothing(client, subscriber):
    response = post_event(client, bounce("reader@example.org"), secret="hook:guessed")
    assert response.status_code in (400, 401, 403)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
