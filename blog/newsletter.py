"""
The newsletter's rules: who may be on the list and how they get on and off
it. Sending posts and digests is ``blog/newsletter_sending.py``.

- Subscribing (``ask_to_subscribe``) answers the same whatever the address's
  state (no enumeration); a new, pending, unsubscribed or bounced address is
  (again) pending and is mailed a confirmation link, signed and valid
  NEWSLETTER_CONFIRM_DAYS days. A confirmed address is left as it is.
- Nobody receives anything but that confirmation before confirming: the
  senders read ``Subscriber.objects.confirmed()`` only.
- Unsubscribing takes the signed link of any newsletter mail, at once.
- Erasing an address removes its row and every delivery made to it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.outbox import queue_mail
from core.signed_links import LinkProblem, invalid_link, read_link

from .models import Subscriber
from .models.newsletter import EMAIL_MAX_LENGTH, normalized_email

CONFIRM_SALT = "blog.newsletter.confirm"
UNSUBSCRIBE_SALT = "blog.newsletter.unsubscribe"


def site_url() -> str:
    """The site's public address for links in mail sent without a request (SITE_URL)."""
    return settings.SITE_URL.rstrip("/")


# --- The address ----------------------------------------------------------------


def address_problem(email: str) -> str:
    """Why ``email`` cannot be subscribed, in words for the reader; empty if it can."""
    if not email.strip():
        return "Enter your email address."
    if len(email) > EMAIL_MAX_LENGTH:
        return (
            f"That address is too long: an email address has at most {EMAIL_MAX_LENGTH} characters."
        )
    # A line break would start a new mail header; validate_email refuses it
    # too, but it deserves its own plain answer.
    if any(char in email for char in "\r\n\0"):
        return "An email address cannot contain a line break."
    try:
        validate_email(email.strip())
    except ValidationError:
        return "That does not look like an email address. Check it, e.g. name@example.com."
    return ""


# --- Signed links ---------------------------------------------------------------


def confirm_token(subscriber: Subscriber) -> str:
    # The id and the address: a link made for an address erased and typed
    # in again (a new row, perhaps the same id elsewhere) confirms nothing.
    return signing.dumps([subscriber.pk, subscriber.email], salt=CONFIRM_SALT)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT)


def subscriber_to_confirm(token: str) -> Subscriber:
    """The subscriber a confirmation link is for, or LinkProblem saying plainly why not."""
    days = settings.NEWSLETTER_CONFIRM_DAYS
    match read_link(
        token,
        salt=CONFIRM_SALT,
        holds=list,
        max_age=timedelta(days=days),
        expired=f"This confirmation link has expired (links work for {days} days). "
        "Subscribe again to get a new one.",
    ):
        case [int() as pk, str() as email]:
            pass
        case _:
            raise invalid_link()
    subscriber = Subscriber.objects.filter(pk=pk, email=email).first()
    if subscriber is None:
        raise LinkProblem("This address is no longer on the list. Subscribe again if you wish.")
    return subscriber


def subscriber_to_unsubscribe(token: str) -> Subscriber | None:
    """The subscriber an unsubscribe link is for; None if already erased."""
    pk = read_link(token, salt=UNSUBSCRIBE_SALT, holds=int)
    return Subscriber.objects.filter(pk=pk).first()


def confirm_url(subscriber: Subscriber) -> str:
    return site_url() + reverse("blog:newsletter_confirm", args=[confirm_token(subscriber)])


def unsubscribe_url(subscriber: Subscriber) -> str:
    return site_url() + reverse("blog:newsletter_unsubscribe", args=[unsubscribe_token(subscriber)])


def preferences_url(subscriber: Subscriber) -> str:
    return site_url() + reverse("blog:newsletter_preferences", args=[unsubscribe_token(subscriber)])


def unsubscribe_mailto(subscriber: Subscriber) -> str:
    """RFC 2369's mailto: a reader whose client cannot POST writes to this address."""
    return (
        f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX}"
        f"?subject=unsubscribe%20{unsubscribe_token(subscriber)}"
    )


# --- Getting on and off the list --------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What the subscribe form sends besides the address: the consent's context."""

    source: str = ""  # the page the form was on
    ip_hash: str = ""  # the comments' keyed hash (core.client_address.hash_ip)


@transaction.atomic
def ask_to_subscribe(email: str, request: Request) -> Subscriber:
    """
    Put ``email`` on the list, pending, and mail it a confirmation link
    (after commit). A confirmed address stays as it is and gets no mail: the
    reader who typed it sees the same answer either way.
    """
    email = normalized_email(email)
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber is not None and subscriber.is_confirmed:
        return subscriber
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email)
        except IntegrityError:  # the same address sent twice at once: one row
            subscriber = Subscriber.objects.select_for_update().get(email__iexact=email)
            if subscriber.is_confirmed:
                return subscriber
    subscriber.status = Subscriber.Status.PENDING
    subscriber.source = request.source[:300]
    subscriber.ip_hash = request.ip_hash
    subscriber.subscribed_at = timezone.now()
    subscriber.save()
    send_confirmation(subscriber)
    return subscriber


def send_confirmation(subscriber: Subscriber) -> None:
    """The one mail an unconfirmed address ever gets: the link to confirm (queued)."""
    context = {
        "site_name": settings.SITE_NAME,
        "confirm_url": confirm_url(subscriber),
        "days": settings.NEWSLETTER_CONFIRM_DAYS,
        "site_url": site_url(),
    }
    queue_mail(
        subject=f"Confirm your subscription to {settings.SITE_NAME}",
        body=render_to_string("blog/newsletter/email/confirm.txt", context),
        to=[subscriber.email],
        about=f"newsletter confirmation for subscriber {subscriber.pk}",
    )


@transaction.atomic
def confirm(subscriber: Subscriber, frequency: str) -> Subscriber:
    """The reader confirmed from the link: consent recorded with its time."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if frequency in Subscriber.Frequency.values:
        subscriber.frequency = frequency
    if not subscriber.is_confirmed:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save()
    return subscriber


def unsubscribe(subscriber: Subscriber) -> None:
    """Off the list at once; a delivery still queued for them is skipped."""
    Subscriber.objects.filter(pk=subscriber.pk).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def mark_bounced(address: str) -> int:
    """A permanent failure for ``address``: it gets no more mail. How many rows changed."""
    return (
        Subscriber.objects.filter(email__iexact=normalized_email(address))
        .exclude(status=Subscriber.Status.BOUNCED)
        .update(status=Subscriber.Status.BOUNCED, bounced_at=timezone.now())
    )


def erase(email: str) -> int:
    """
    Remove the address completely: its row and, with it, every delivery made
    to it. How many addresses were erased (0 or 1).
    """
    _, erased = Subscriber.objects.filter(email__iexact=normalized_email(email)).delete()
    return erased.get(Subscriber._meta.label, 0)


def on_mail_complained(sender, address: str = "", **kwargs) -> None:
    """core.outbox's ``mail_complained``: the reader marked a newsletter as spam."""
    if address:
        Subscriber.objects.filter(email__iexact=normalized_email(address)).exclude(
            status=Subscriber.Status.UNSUBSCRIBED
        ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def on_mail_bounced(sender, address: str = "", **kwargs) -> None:
    """core.outbox's ``mail_bounced`` signal: a permanent failure, or a provider's webhook."""
    if address:
        mark_bounced(address)
