"""
Mail to the site's own people (editors, moderators, authors): who receives
it, and sending that logs a failure instead of raising it. Whatever prompts
such a mail (a comment held, a post submitted for review) is saved before
the mail is sent, and a mail server that is down must never cost it.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

log = logging.getLogger(__name__)


def addresses_of_staff_who_may(app_label: str, codename: str) -> list[str]:
    """
    The addresses of active staff holding ``app_label.codename``, through a
    group, directly or as superusers, each once.
    """
    granted = {
        "permissions__codename": codename,
        "permissions__content_type__app_label": app_label,
    }
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(**{f"groups__{name}": value for name, value in granted.items()})
            | Q(**{f"user_{name}": value for name, value in granted.items()})
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(users))


def send_or_log(subject: str, body: str, recipients: list[str], about: str) -> bool:
    """
    Send one message to ``recipients``; whether it left. A failure is logged
    with ``about`` (what the mail was about), never raised. No recipients,
    no message.
    """
    if not recipients:
        return False
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        log.exception("Could not send mail about %s", about)
        return False
    return True
