"""
Sending the newsletter: a post to "every new post" subscribers when it goes
live, the week's posts to "weekly digest" subscribers on Monday morning.

A send happens in two steps, each safe to repeat:

1. ``prepare`` makes one ``Delivery`` row per confirmed subscriber of the
   send's frequency (``bulk_create`` ignoring conflicts on the unique
   (send, subscriber) pair), once.
2. ``run`` takes the queued deliveries one at a time. Each is claimed by
   an UPDATE from "queued" to "sent" *inside* a transaction that stays open
   while the message goes out and commits right after: a second worker
   skips the locked row (or, on SQLite, finds it no longer queued), and a
   worker killed mid-message never commits, so the row is queued again for
   the next run. A temporary SMTP failure leaves the row queued with a
   time to retry; a permanent one marks it failed and the address bounced.

NEWSLETTER_MAX_PER_SECOND caps the rate (0: no cap).
"""

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from core.models import OutgoingMail
from core.outbox import Outcome, deliver, mail_bounced, mail_complained, queue_mail
from core.receivers import connect

from . import newsletter
from .models import Delivery, NewsletterSend, Post, Subscriber

# A delivery that failed temporarily this many times is given up as failed.
MAX_ATTEMPTS = 5
# Queued deliveries read at once (each is still claimed on its own).
BATCH = 500
SQLITE_PAUSE = 0.005  # seconds between messages on SQLite (see run())


# --- What is sent -------------------------------------------------------------------


def message_for(send: NewsletterSend, posts: list[Post], subscriber: Subscriber):
    """One subscriber's message: text and HTML parts, the RFC 8058 unsubscribe headers."""
    unsubscribe = newsletter.unsubscribe_url(subscriber)
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": newsletter.site_url(),
        "posts": [(post, newsletter.site_url() + post.get_absolute_url()) for post in posts],
        "digest": send.kind == NewsletterSend.Kind.DIGEST,
        "unsubscribe_url": unsubscribe,
        "preferences_url": newsletter.preferences_url(subscriber),
        "frequency": subscriber.get_frequency_display().lower(),
    }
    if send.kind == NewsletterSend.Kind.DIGEST:
        subject = f"{settings.SITE_NAME}: this week's posts"
    else:
        subject = f"{settings.SITE_NAME}: {posts[0].title}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("blog/newsletter/email/posts.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>, <{newsletter.unsubscribe_mailto(subscriber)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} <newsletter.{_host()}>",
        },
    )
    message.attach_alternative(
        render_to_string("blog/newsletter/email/posts.html", context), "text/html"
    )
    return message


def _host() -> str:
    return newsletter.site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def send_test(post: Post, address: str) -> None:
    """The editor's "send a test to me": the post's mail to her own address, queued."""
    preview = Subscriber(pk=0, email=address, status=Subscriber.Status.CONFIRMED)
    message = message_for(NewsletterSend(kind=NewsletterSend.Kind.POST, post=post), [post], preview)
    html = message.alternatives[0].content if message.alternatives else None
    queue_mail(
        subject=f"[Test] {message.subject}",
        body=message.body,
        html=html,
        to=[address],
        about=f"newsletter test of post {post.pk}",
    )


# --- Making a send --------------------------------------------------------------------


def announce(post: Post) -> NewsletterSend | None:
    """
    The post's one send, made when it is first published with "Email this post
    to subscribers" ticked, and queued once the transaction commits (it waits
    until a scheduled post goes live). Only a save that publishes the post
    calls this (see the receivers below); edits of a published post do not.
    """
    if not post.email_subscribers or post.status != Post.Status.PUBLISHED:
        return None
    send, created = NewsletterSend.objects.get_or_create(
        post=post, defaults={"kind": NewsletterSend.Kind.POST}
    )
    # A send not finished (a scheduled post taken down before it went live,
    # now published again) is queued again; a finished one never is.
    if created or send.finished_at is None:
        transaction.on_commit(lambda: enqueue(send, post.published_at))
    return send


def enqueue(send: NewsletterSend, not_before: datetime | None = None) -> None:
    """
    Queue ``run_send_task`` for ``send``, deferred to ``not_before``. A backend
    that cannot defer (ImmediateBackend) is not asked: ``send_newsletter``
    (cron, or the worker's periodic run) picks the send up once it is due.
    """
    later = not_before is not None and not_before > timezone.now()
    if not later:
        run_send_task.enqueue(send.pk)
    elif run_send_task.get_backend().supports_defer:
        run_send_task.using(run_after=not_before).enqueue(send.pk)


@transaction.atomic
def prepare(send: NewsletterSend) -> int:
    """
    One queued delivery per subscriber this send is for, all made in one
    transaction and once (``prepared_at``); how many there are.
    """
    send = NewsletterSend.objects.select_for_update().get(pk=send.pk)
    if send.prepared_at is None:
        frequency = (
            Subscriber.Frequency.WEEKLY
            if send.kind == NewsletterSend.Kind.DIGEST
            else Subscriber.Frequency.EVERY_POST
        )
        subscriber_ids = Subscriber.objects.wanting(frequency).values_list("pk", flat=True)
        batch: list[Delivery] = []
        for pk in subscriber_ids.iterator(chunk_size=2000):
            batch.append(Delivery(send=send, subscriber_id=pk))
            if len(batch) == 2000:
                Delivery.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
        send.prepared_at = timezone.now()
        send.save(update_fields=["prepared_at"])
    return send.deliveries.count()


def is_due(send: NewsletterSend) -> bool:
    """A post's send waits for the post to be live (and stops if it was taken down)."""
    if send.kind == NewsletterSend.Kind.DIGEST:
        return True
    return send.post is not None and send.post.is_public


# --- Running a send --------------------------------------------------------------------


def run(send: NewsletterSend) -> dict[str, int]:
    """
    Send every queued delivery of ``send`` that is due; safe to run again, and
    by several workers at once. What it did, by outcome.
    """
    done = {"sent": 0, "failed": 0, "skipped": 0, "retry": 0}
    if not is_due(send):
        return done
    if send.prepared_at is None:
        prepare(send)
    posts = send.posts()
    if not posts:
        send.deliveries.filter(status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SKIPPED, error="nothing to send"
        )
    interval = 1 / settings.NEWSLETTER_MAX_PER_SECOND if settings.NEWSLETTER_MAX_PER_SECOND else 0
    # SQLite has one write lock, which a claim holds while its message goes
    # out: without a pause the site's requests (and the worker's lease) would
    # starve for the whole send.
    pause = SQLITE_PAUSE if connection.vendor == "sqlite" else 0.0
    while posts and (batch := _due_batch(send)):
        for delivery in batch:
            started = time.monotonic()
            result = _send_one(send, posts, delivery)
            done[result] += 1
            if result == "sent":
                time.sleep(max(pause, interval - (time.monotonic() - started)))
    if not send.deliveries.filter(status=Delivery.Status.QUEUED).exists():
        NewsletterSend.objects.filter(pk=send.pk, finished_at=None).update(
            finished_at=timezone.now()
        )
    return done


def _due_batch(send: NewsletterSend) -> list[Delivery]:
    """
    The next queued deliveries that are due, with their subscribers: read
    without a lock (each is claimed on its own below), so one query serves
    BATCH messages and a second worker reading the same rows skips those
    the first has claimed.
    """
    due = Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now())
    return list(
        send.deliveries.filter(due, status=Delivery.Status.QUEUED)
        .select_related("subscriber")
        .only("attempts", "subscriber", "subscriber__email", "subscriber__frequency")
        .order_by("pk")[:BATCH]
    )


def _send_one(send: NewsletterSend, posts: list[Post], delivery: Delivery) -> str:
    """Claim, send and record one delivery: "sent", "failed", "retry" or "skipped"."""
    due = Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now())
    queued = Delivery.objects.filter(due, pk=delivery.pk, status=Delivery.Status.QUEUED)
    attempts = delivery.attempts + 1
    with transaction.atomic():
        # The claim, held until the message went out: a second worker's
        # UPDATE of this row waits for the commit (a row lock, or SQLite's
        # write lock), then finds it no longer queued. Its WHERE names this
        # row's own columns only: PostgreSQL re-checks those on the row the
        # first worker committed, never a join or subquery read before it.
        # A worker killed here never commits: the row is queued again.
        now = timezone.now()
        claimed = queued.update(status=Delivery.Status.SENT, sent_at=now, attempts=attempts)
        if not claimed:
            return "skipped"  # another worker's, or not due any more
        if not Subscriber.objects.filter(
            pk=delivery.subscriber_id, status=Subscriber.Status.CONFIRMED
        ).exists():
            # The reader left (or bounced) since the send began.
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.SKIPPED, sent_at=None
            )
            return "skipped"
        outcome = deliver(message_for(send, posts, delivery.subscriber))
        if outcome == Outcome.SENT:
            return "sent"
        mine = Delivery.objects.filter(pk=delivery.pk)
        if outcome == Outcome.RETRY_LATER and attempts < MAX_ATTEMPTS:
            retry_at = now + timedelta(minutes=2**attempts)
            mine.update(
                status=Delivery.Status.QUEUED,
                sent_at=None,
                retry_at=retry_at,
                error="temporary failure",
            )
            return "retry"
        # A recipient refused for good is marked bounced by the outbox's
        # mail_bounced signal (newsletter.on_mail_bounced).
        mine.update(status=Delivery.Status.FAILED, sent_at=None, error=f"{outcome} failure")
    return "failed"


@task
def run_send_task(send_id: int) -> dict[str, int]:
    """The worker's job for one send; queued again while deliveries wait to be retried."""
    send = NewsletterSend.objects.select_related("post").filter(pk=send_id).first()
    if send is None:
        return {}
    if send.post is not None and send.post.is_scheduled:
        # Rescheduled later than this job was queued for: wait for the new time.
        enqueue(send, send.post.published_at)
        return {}
    done = run(send)
    waiting = send.deliveries.filter(status=Delivery.Status.QUEUED).order_by("retry_at").first()
    if waiting is not None and waiting.retry_at:
        enqueue(send, waiting.retry_at)
    return done


# --- Due sends and the weekly digest -------------------------------------------------


def week_start(moment: datetime | None = None):
    """The Monday (in TIME_ZONE) of the week ``moment`` falls in."""
    today = timezone.localdate(moment)
    return today - timedelta(days=today.weekday())


def digest_for_week(moment: datetime | None = None) -> NewsletterSend | None:
    """
    This week's digest of last week's posts, made once per week however
    often it is asked for (Monday morning, NEWSLETTER_DIGEST_HOUR, or later
    in the week if the worker was down); None before then or without posts.
    """
    moment = moment or timezone.now()
    week = week_start(moment)
    if timezone.localdate(moment) == week and timezone.localtime(moment).hour < (
        settings.NEWSLETTER_DIGEST_HOUR
    ):
        return None
    existing = NewsletterSend.objects.filter(week=week).first()
    if existing is not None:
        return existing
    send = NewsletterSend(kind=NewsletterSend.Kind.DIGEST, week=week)
    if not send.posts():
        return None
    send, _ = NewsletterSend.objects.get_or_create(
        week=week, defaults={"kind": NewsletterSend.Kind.DIGEST}
    )
    return send


def run_due(moment: datetime | None = None) -> dict[str, int]:
    """
    Every send that is due and not finished (scheduled posts now live, a
    send a killed worker left half done, this week's digest): what a cron
    line or the periodic task runs. Totals by outcome.
    """
    totals = {"sent": 0, "failed": 0, "skipped": 0, "retry": 0}
    digest_for_week(moment)
    for send in NewsletterSend.objects.filter(finished_at=None).select_related("post"):
        for outcome, count in run(send).items():
            totals[outcome] += count
    return totals


# --- Receivers -------------------------------------------------------------------------


def _remember_if_published(sender, instance: Post, **kwargs) -> None:
    # Only what a save makes published is announced: a published post's later
    # edits (and a post whose box was unticked then) send nothing.
    instance._was_published = bool(
        instance.pk
        and instance.status == Post.Status.PUBLISHED
        and instance.email_subscribers
        and Post.objects.filter(pk=instance.pk, status=Post.Status.PUBLISHED).exists()
    )


def _announce_if_just_published(sender, instance: Post, **kwargs) -> None:
    if not getattr(instance, "_was_published", False):
        announce(instance)


def connect_receivers() -> None:
    """From BlogConfig.ready: posts announce themselves; a bounce ends a subscription."""
    connect(
        "newsletter",
        Post,
        {pre_save: _remember_if_published, post_save: _announce_if_just_published},
    )
    connect(
        "newsletter_bounces",
        OutgoingMail,
        {
            mail_bounced: newsletter.on_mail_bounced,
            mail_complained: newsletter.on_mail_complained,
        },
    )
