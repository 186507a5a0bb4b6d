"""
Mail about the review workflow, queued after the transaction commits: to the
editors when a post (or a pending revision) is submitted, to the author when
it is returned, published or scheduled. The task queue sends it
(``core.outbox``) and retries while the mail server is down: the move never
waits for the mail server or fails with it.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.outbox import queue_mail
from core.staff_mail import addresses_of_staff_who_may

from .models import ReviewStep


def after_commit(send: Callable[[ReviewStep, str], None], step: ReviewStep, base_url: str) -> None:
    transaction.on_commit(lambda: send(step, base_url))


def editor_emails() -> list[str]:
    """Active staff with an address who may publish: through a group, directly, or superusers."""
    return addresses_of_staff_who_may("blog", "publish_post")


def _send(subject: str, body: str, recipients: list[str], step: ReviewStep) -> None:
    queue_mail(subject=subject, body=body, to=recipients, about=f"review step {step.pk}")


def _who(user) -> str:
    if user is None:
        return "Someone"
    profile = getattr(user, "author_profile", None)
    return profile.name if profile is not None else (user.get_full_name() or user.get_username())


def _what(step: ReviewStep) -> str:
    return "changes to the post" if step.revision_id else "the post"


def _note(step: ReviewStep) -> str:
    return f"Note:\n{step.note}\n\n" if step.note else ""


def notify_editors_of_submission(step: ReviewStep, base_url: str) -> None:
    post = step.post
    review_url = base_url + reverse("admin:blog_post_review", args=[post.pk])
    _send(
        f"[{settings.SITE_NAME}] For review: “{post.title}”",
        f"{_who(step.by)} submitted {_what(step)} “{post.title}” for review.\n\n"
        f"{_note(step)}Review it: {review_url}\n",
        editor_emails(),
        step,
    )


def _author_email(step: ReviewStep) -> list[str]:
    user = step.post.author.user
    if user is None or not user.email or not user.is_active or user.pk == step.by_id:
        return []
    return [user.email]


def notify_author_of_return(step: ReviewStep, base_url: str) -> None:
    post = step.post
    change_url = base_url + reverse("admin:blog_post_change", args=[post.pk])
    _send(
        f"[{settings.SITE_NAME}] Returned to you: “{post.title}”",
        f"{_who(step.by)} returned {_what(step)} “{post.title}” to you.\n\n"
        f"{_note(step)}Open it: {change_url}\n",
        _author_email(step),
        step,
    )


def notify_author_of_publication(step: ReviewStep, base_url: str) -> None:
    post = step.post
    when = timezone.localtime(post.published_at)
    if step.action == ReviewStep.Action.SCHEDULED:
        news = f"is scheduled: it goes live on {when:%B %-d, %Y at %H:%M} ({when:%Z})"
    elif step.action == ReviewStep.Action.APPROVED:
        news = "has your changes: they are live now"
    else:
        news = "is published"
    _send(
        f"[{settings.SITE_NAME}] “{post.title}” {news.split(':')[0]}",
        f"Your post “{post.title}” {news}.\n\n{_note(step)}{base_url}{post.get_absolute_url()}\n",
        _author_email(step),
        step,
    )
