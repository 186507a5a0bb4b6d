"""
Every email the site sends goes out through here, on Django's task queue.

``queue_mail()`` stores one ``OutgoingMail`` per recipient inside the caller's
transaction and, once it commits, enqueues ``send_outgoing_mail`` for each.
The task sends through ``deliver()``, which sorts what the mail server said:

- ``SENT``;
- ``RETRY_LATER``: a 4xx answer, a refused or dropped connection, a timeout,
  or a fault on our side of the connection (login, sender): tried again with
  exponential backoff (``MAIL_RETRY_SECONDS`` doubling up to
  ``MAIL_RETRY_MAX_SECONDS``) until ``MAIL_MAX_ATTEMPTS``;
- ``PERMANENT``: a 5xx answer about the message or its recipient, or a
  message that cannot be built: recorded and never retried. When the server
  refused the recipient (5xx to RCPT TO), ``mail_bounced`` is sent with the
  address, so the apps that keep addresses can stop writing to it.

Nothing that asks for a mail waits for the mail server or fails with it: the
request has committed before anything is sent. A worker killed mid-send
leaves its task to be run again (``manage.py task_worker`` reclaims it), so a
message is sent at least once; apps that must not send twice keep their own
delivery row (the newsletter does).
"""

import enum
import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.dispatch import Signal
from django.tasks import default_task_backend, task
from django.utils import timezone

from .outgoing_mail import OutgoingMail

log = logging.getLogger(__name__)

ADDRESS_MAX_LENGTH = 254  # RFC 5321's path limit, and OutgoingMail.to's

# Sent with ``address=`` when a mail server refused that recipient for good
# (sender: OutgoingMail, so receivers connect through core.receivers.connect).
mail_bounced = Signal()
# Sent with ``address=`` when its reader marked our mail as spam (a provider's
# complaint webhook, core/mail_provider.py): mail that is not wanted stops.
mail_complained = Signal()


class Outcome(enum.StrEnum):
    SENT = "sent"
    RETRY_LATER = "retry later"
    PERMANENT = "permanent"


def classify(error: Exception) -> tuple[Outcome, list[str]]:
    """What a sending error means: the outcome, and the addresses refused for good."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = {address: code for address, (code, _) in error.recipients.items()}
        bounced = [address for address, code in codes.items() if 500 <= code < 600]
        if bounced and len(bounced) == len(codes):
            return Outcome.PERMANENT, bounced
        return Outcome.RETRY_LATER, []
    if isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600:
        # The server took the recipient but refused this message (content, size).
        return Outcome.PERMANENT, []
    if isinstance(error, (smtplib.SMTPException, OSError)):
        # 4xx, a connection refused, dropped or timed out, and our own side's
        # faults (login, sender address): none is the recipient's, all can pass.
        return Outcome.RETRY_LATER, []
    # A message that cannot be built (a header with a line break...) never will be.
    return Outcome.PERMANENT, []


def _attempt(message: EmailMessage) -> tuple[Outcome, str]:
    try:
        message.send(fail_silently=False)
    except Exception as error:
        outcome, bounced = classify(error)
        for address in bounced:
            mail_bounced.send(sender=OutgoingMail, address=address)
        return outcome, f"{type(error).__name__}: {error}"
    return Outcome.SENT, ""


def deliver(message: EmailMessage) -> Outcome:
    """
    Send ``message`` now and say how it went; never raises for what the mail
    server or the network does. Give it one recipient for a bounce to name its
    address: SMTP refuses recipients one by one only when none is taken.
    """
    outcome, error = _attempt(message)
    if error:
        log.warning("Mail to %s not sent (%s): %s", ", ".join(message.to), outcome, error)
    return outcome


def queue_mail(
    *,
    subject: str,
    body: str,
    to: str | Iterable[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
    about: str = "",
    from_email: str | None = None,
) -> list[OutgoingMail]:
    """
    Queue one message to each address in ``to`` (each its own message: no
    shared address lists), sent by a task once the current transaction
    commits and dropped if it rolls back. Duplicate addresses get one message;
    an address that is not one (malformed, overlong, a line break) gets none
    and is logged: forms refuse such addresses with a message, and what asks
    for a mail must not fail on one that slipped through.
    """
    addresses = [to] if isinstance(to, str) else list(to)
    unique = list(dict.fromkeys(address.strip() for address in addresses if address.strip()))
    mails = OutgoingMail.objects.bulk_create(
        OutgoingMail(
            to=address,
            subject=subject[:998],
            body=body,
            html=html or "",
            headers=dict(headers or {}),
            from_email=from_email or "",
            about=about[:200],
        )
        for address in unique
        if _is_address(address, about)
    )
    for mail in mails:
        transaction.on_commit(partial(_enqueue, mail.pk))
    return mails


def _is_address(address: str, about: str) -> bool:
    try:
        if len(address) > ADDRESS_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError:
        log.warning("Mail about %s not queued: %r is not an email address", about, address[:100])
        return False
    return True


def message_for(mail: OutgoingMail) -> EmailMessage:
    """The message a stored mail stands for, plain text with an HTML part when it has one."""
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email or None,
        to=[mail.to],
        headers=mail.headers or None,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    return message


def retry_delay(attempts: int) -> timedelta:
    """After the ``attempts``-th failure: MAIL_RETRY_SECONDS, doubling, capped."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_SECONDS))


def lease() -> timedelta:
    """How long a worker may hold a message (or a task) before another may take it."""
    return timedelta(seconds=settings.TASKS_LEASE_SECONDS)


@task()
def send_outgoing_mail(mail_id: int) -> str:
    """One attempt at one stored message; schedules the next when it may pass."""
    current = OutgoingMail.objects.filter(pk=mail_id).only("status", "claimed_at").first()
    if current is None or current.status in (OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED):
        return "done already"
    mail = OutgoingMail.objects.claim(mail_id, lease())
    if mail is None:
        # Another worker holds it: look again once its lease has run out, in
        # case that worker died mid-send.
        if current.status == OutgoingMail.Status.SENDING and current.claimed_at:
            _enqueue(mail_id, at=current.claimed_at + lease() + timedelta(seconds=1))
        return "busy"
    outcome, error = _attempt(message_for(mail))
    if outcome is Outcome.SENT:
        mail.mark_sent()
    elif outcome is Outcome.PERMANENT:
        log.warning("Mail %s about %s refused for good: %s", mail.pk, mail.about, error)
        mail.mark_failed(error)
    elif mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        log.warning("Mail %s about %s: gave up: %s", mail.pk, mail.about, error)
        mail.mark_failed(f"Gave up after {mail.attempts} attempts. {error}")
    else:
        at = timezone.now() + retry_delay(mail.attempts)
        log.warning(
            "Mail %s about %s: attempt %s failed (%s); again at %s",
            mail.pk,
            mail.about,
            mail.attempts,
            error,
            at,
        )
        mail.mark_for_retry(error, at)
        _enqueue(mail.pk, at=at)
    return str(outcome)


# What a mail says while no task will send it: its enqueue failed after commit.
NOT_QUEUED = "Could not be queued: see the log."


def requeue_unqueued(limit: int = 500) -> int:
    """
    Queue again the mails whose enqueue failed after their commit (the task
    queue was away): the task worker calls this every round, so such a mail
    waits minutes, not for good. How many were queued again.
    """
    stranded = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, last_error=NOT_QUEUED)
    queued = 0
    for mail_id in stranded.values_list("pk", flat=True)[:limit]:
        # Only the worker whose update took it queues it (several may sweep at once).
        if OutgoingMail.objects.filter(pk=mail_id, last_error=NOT_QUEUED).update(last_error=""):
            _enqueue(mail_id)
            queued += 1
    return queued


def _enqueue(mail_id: int, at: datetime | None = None) -> None:
    # After commit, so a failure here must not reach the caller: the mail
    # stays queued in the admin with the reason, and requeue_unqueued()
    # queues it again.
    try:
        if at is not None and default_task_backend.supports_defer:
            send_outgoing_mail.using(run_after=at).enqueue(mail_id)
        elif at is None:
            send_outgoing_mail.enqueue(mail_id)
        else:
            log.warning("Mail %s: the task backend cannot schedule a retry", mail_id)
    except Exception:
        log.exception("Mail %s could not be queued", mail_id)
        OutgoingMail.objects.filter(pk=mail_id).update(last_error=NOT_QUEUED)
