"""
Reply notices go only to an address that confirmed it wants them, once,
through a signed link mailed to it (``ConfirmedAddress``), or that is
already confirmed on the newsletter, or that belongs to the comment's
logged-in writer. Until then "Notify me of replies" waits: the notice is
not sent, and the first comment that asks mails the link.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac

from blog.models import Subscriber
from core.outbox import queue_mail
from core.signed_links import read_link

from .models import Comment, ConfirmedAddress

SALT = "comments.reply-address"
VALID_DAYS = 7


def is_confirmed(comment: Comment) -> bool:
    """Whether replies to ``comment`` may be mailed to its address."""
    if comment.user_id is not None:
        return True  # the writer's own login: the site already knows the address
    email = comment.email.strip()
    return bool(email) and (
        ConfirmedAddress.objects.filter(email__iexact=email).exists()
        or Subscriber.objects.filter(email__iexact=email, confirmed_at__isnull=False).exists()
    )


def ask_to_confirm(comment: Comment, base_url: str) -> None:
    """
    Mail the signed link that lets reply notices reach this address (queued),
    at most once a day per address: comments typed with someone else's
    address do not flood their inbox.
    """
    # Keyed on a hash: the cache holds no address.
    key = salted_hmac(SALT, comment.email.strip().lower(), algorithm="sha256").hexdigest()
    if not cache.add(f"comments:confirm-asked:{key}", 1, 24 * 60 * 60):
        return
    token = signing.dumps(comment.email.strip(), salt=SALT)
    link = base_url + reverse("comments:confirm_address", args=[token])
    queue_mail(
        subject=f"[{settings.SITE_NAME}] Confirm reply notices for your comment",
        body=(
            f"You asked to be told by email about replies to your comment on "
            f"“{comment.post.title}”. To let them reach this address, open this link "
            f"within {VALID_DAYS} days and press the button:\n\n{link}\n\n"
            "If it was not you, ignore this email: nothing will be sent to you.\n"
        ),
        to=[comment.email],
        about=f"reply notices for comment {comment.pk}",
    )


def address_from(token: str) -> str:
    return read_link(
        token,
        salt=SALT,
        holds=str,
        max_age=timedelta(days=VALID_DAYS),
        expired=f"This link has expired (links work for {VALID_DAYS} days). Post a comment "
        "with “Notify me of replies” ticked to get a new one.",
    )


def confirm(email: str) -> None:
    try:
        with transaction.atomic():
            ConfirmedAddress.objects.get_or_create(email=email.strip().lower())
    except IntegrityError:  # confirmed twice at once: once is enough
        pass
