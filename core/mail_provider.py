"""
A mail provider's bounce and complaint webhooks, through django-anymail.

Optional: with ``MAIL_PROVIDER`` set (``postmark``, ``mailgun``, ``sendgrid``,
``amazon_ses``...), mail goes out through that provider's API and its webhooks
are mounted at ``/anymail/<provider>/tracking/``. Anymail checks each call
(the ``ANYMAIL_WEBHOOK_SECRET`` basic-auth pair, and the provider's own
signature where it signs) before any event reaches us. A bounce or a
rejection then counts as a bounce the outbox saw itself (``mail_bounced``), and
a spam complaint as the reader's wish to get nothing more (``mail_complained``).
Without a provider none of this is loaded and nothing is needed.
"""

from anymail.signals import AnymailTrackingEvent, EventType, tracking

from .outbox import mail_bounced, mail_complained
from .outgoing_mail import OutgoingMail
from .receivers import connect

BOUNCES = {EventType.BOUNCED, EventType.REJECTED}
COMPLAINTS = {EventType.COMPLAINED}


def on_tracking(sender, event: AnymailTrackingEvent, esp_name: str = "", **kwargs) -> None:
    if not event.recipient:
        return
    if event.event_type in BOUNCES:
        mail_bounced.send(sender=OutgoingMail, address=event.recipient)
    elif event.event_type in COMPLAINTS:
        mail_complained.send(sender=OutgoingMail, address=event.recipient)


def connect_receivers() -> None:
    """From CoreConfig.ready, when anymail is installed."""
    connect("mail_provider", None, {tracking: on_tracking})
