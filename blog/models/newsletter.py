"""
The newsletter's rows: who subscribed (``Subscriber``), each mailing of a
post or a weekly digest (``NewsletterSend``) and one ``Delivery`` per
subscriber of a send, made before anything is sent so that a crash, a retry
or a second worker never mails the same subscriber twice. The rules that
move them are in ``blog/newsletter.py``.
"""

from datetime import datetime, time, timedelta

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from .posts import Post

# RFC 5321 caps a path at 256 octets, an address at 254 of them.
EMAIL_MAX_LENGTH = 254


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriberQuerySet":
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def wanting(self, frequency: str) -> "SubscriberQuerySet":
        """Confirmed subscribers who chose ``frequency`` (every post, or the weekly digest)."""
        return self.confirmed().filter(frequency=frequency)


def normalized_email(email: str) -> str:
    """
    The address as stored: trimmed, its domain in lower case. The local part
    keeps its case (RFC 5321 lets a server tell cases apart), but lookups are
    case-insensitive on the whole address so one reader is one row.
    """
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"

    class Frequency(models.TextChoices):
        EVERY_POST = "post", "Every new post"
        WEEKLY = "weekly", "Weekly digest"

    email = models.EmailField(max_length=EMAIL_MAX_LENGTH, unique=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    frequency = models.CharField(max_length=8, choices=Frequency, default=Frequency.EVERY_POST)
    # Consent: where the form was (a post's address or /newsletter/) and when
    # the reader asked and confirmed. The IP only as the comments' keyed hash.
    source = models.CharField(max_length=300, blank=True)
    ip_hash = models.CharField("IP hash", max_length=64, blank=True, editable=False)
    subscribed_at = models.DateTimeField("asked at", default=timezone.now)
    confirmed_at = models.DateTimeField("consent confirmed at", null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-subscribed_at"]
        indexes = [models.Index(fields=["status", "frequency"])]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_email_unique_in_any_case",
                violation_error_message="This address is already on the list.",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class NewsletterSendQuerySet(models.QuerySet):
    def with_counts(self) -> "NewsletterSendQuerySet":
        """Each send's deliveries counted by state, in the one query of a list."""
        by = Delivery.Status
        return self.annotate(
            total=Count("deliveries"),
            sent_count=Count("deliveries", filter=Q(deliveries__status=by.SENT)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=by.FAILED)),
            remaining_count=Count("deliveries", filter=Q(deliveries__status=by.QUEUED)),
        )


class NewsletterSend(models.Model):
    """One mailing: a post to "every new post" subscribers, or a week's digest."""

    class Kind(models.TextChoices):
        POST = "post", "New post"
        DIGEST = "digest", "Weekly digest"

    kind = models.CharField(max_length=8, choices=Kind, default=Kind.POST)
    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="newsletter_send"
    )
    week = models.DateField(
        null=True, blank=True, unique=True, help_text="A digest: the Monday it was sent on."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when every delivery row was made (in one transaction with them).
    prepared_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = NewsletterSendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="post", post__isnull=False, week__isnull=True)
                | Q(kind="digest", post__isnull=True, week__isnull=False),
                name="newsletter_send_is_a_post_or_a_week",
                violation_error_message="A send is either one post or one week's digest.",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.DIGEST:
            return f"Weekly digest of {self.week:%Y-%m-%d}"
        return f"“{self.post}” to subscribers"

    def posts(self) -> list[Post]:
        """What this send mails: its post, or the posts published the week before ``week``."""
        if self.post_id is not None:
            return [self.post]
        start = timezone.make_aware(datetime.combine(self.week, time.min))
        return list(
            Post.objects.published()
            .filter(published_at__gte=start - timedelta(days=7), published_at__lt=start)
            .select_related("author")
            .order_by("published_at")
        )


class Delivery(models.Model):
    """One subscriber's copy of one send, made before any is sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (no longer subscribed)"

    send = models.ForeignKey(NewsletterSend, on_delete=models.CASCADE, related_name="deliveries")
    # Erasing a subscriber erases their deliveries: no log outlives the address.
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A temporary failure waits until then (the send is run again by then).
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="one_delivery_per_send"),
        ]
        indexes = [models.Index(fields=["send", "status"])]

    def __str__(self) -> str:
        return f"{self.send} → subscriber {self.subscriber_id} ({self.get_status_display()})"
