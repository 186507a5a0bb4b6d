"""
The weekly email to editors about clinical reviews that are due or lapsed
(``manage.py send_review_reminders``, run from cron: django.tasks has no
schedule of its own). Each editor gets one message listing the posts; nothing
is sent when none is due, and a week's reminder goes out once
(``ReviewReminder``) unless forced. The messages are queued in the same
transaction as the week's record (``core.outbox``): the task queue sends them
and retries while the mail server is down, so a week recorded is a week sent.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.outbox import queue_mail

from .models import Post, ReviewReminder
from .notifications import editor_emails


def week_of(day: date) -> date:
    """The Monday starting the week of ``day``: a reminder is sent once per such week."""
    return day - timedelta(days=day.weekday())


@dataclass
class Outcome:
    sent: int = 0  # messages queued (the task queue sends them once the record commits)
    posts: int = 0  # posts listed
    recipients: int = 0  # editors with an address
    already_sent: ReviewReminder | None = None  # this week's reminder, when it stopped the run


def due_posts(today: date) -> list[Post]:
    return list(
        Post.objects.clinical_reviews_due(on=today)
        .select_related("reviewed_by")
        # Lapsed reviews first, longest overdue first; then posts never reviewed.
        .order_by(F("next_review_due").asc(nulls_last=True), "title")
    )


def reminder_text(posts: list[Post], base_url: str, today: date) -> tuple[str, str]:
    """The subject and body of the message every editor gets."""
    count = len(posts)
    subject = f"[{settings.SITE_NAME}] {count} clinical review{'s' if count != 1 else ''} due"
    items = [
        {
            "post": post,
            "lapsed": post.next_review_due is not None,
            "url": base_url + reverse("admin:blog_post_clinical_review", args=[post.pk]),
        }
        for post in posts
    ]
    body = render_to_string(
        "blog/email/review_reminder.txt",
        {
            "items": items,
            "today": today,
            "list_url": base_url + reverse("admin:blog_post_changelist") + "?clinical_review=due",
            "site_name": settings.SITE_NAME,
        },
    )
    return subject, body


def claim_week(week: date, *, force: bool) -> tuple[ReviewReminder, bool]:
    """This week's record, and whether this run may send (first of the week, or forced)."""
    with transaction.atomic():
        reminder, created = ReviewReminder.objects.select_for_update().get_or_create(
            week=week, defaults={"sent_at": timezone.now()}
        )
        if not created and not force:
            return reminder, False
        reminder.sent_at = timezone.now()
        reminder.save()
        return reminder, True


def send_review_reminders(
    base_url: str, *, force: bool = False, today: date | None = None
) -> Outcome:
    today = today or timezone.localdate()
    posts = due_posts(today)
    recipients = editor_emails()
    outcome = Outcome(posts=len(posts), recipients=len(recipients))
    if not posts or not recipients:
        return outcome
    with transaction.atomic():
        reminder, may_send = claim_week(week_of(today), force=force)
        if not may_send:
            outcome.already_sent = reminder
            return outcome
        reminder.post_count, reminder.recipient_count = len(posts), len(recipients)
        reminder.save(update_fields=["post_count", "recipient_count"])
        subject, body = reminder_text(posts, base_url.rstrip("/"), today)
        # One message each (queue_mail's way): editors do not see each other's addresses.
        queued = queue_mail(
            subject=subject, body=body, to=recipients, about=f"review reminder {reminder.week}"
        )
        outcome.sent = len(queued)
    return outcome
