"""
Preview links: a signed URL that shows a post not yet public to someone
without a login (a clinical reviewer, a colleague), for a limited time.

The URL carries the link's pk signed with its own salt; nothing secret is
stored, and guessing pks is useless without the signature. A link is active
until it expires or is revoked; every opening is logged (when, and the user if
logged in: no address, no user agent).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from .posts import Post
from .workflow import PendingRevision

PREVIEW_LINK_SALT = "blog.preview-link"
DEFAULT_LIFETIME = timedelta(days=7)
# An opening by the same person (or by anonymous visitors) within this time
# of the last one is not logged again: reloads do not grow the log.
OPENING_LOG_INTERVAL = timedelta(minutes=1)


def default_expiry() -> datetime:
    return timezone.now() + DEFAULT_LIFETIME


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, at: datetime | None = None) -> PreviewLinkQuerySet:
        """Links that open the preview now (or ``at``): neither expired nor revoked."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())

    def managed_by(self, user) -> PreviewLinkQuerySet:
        """What a person may see and revoke: editors every link, authors those to their posts."""
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.has_perm("blog.publish_post"):
            return self
        return self.filter(post__author__user=user)

    def with_openings(self) -> PreviewLinkQuerySet:
        return self.annotate(
            opening_count=Count("openings"), last_opened_at=Max("openings__opened_at")
        )

    def from_token(self, token: str) -> PreviewLink | None:
        """The link a URL's token names, or None when the signature is wrong."""
        try:
            pk = signing.Signer(salt=PREVIEW_LINK_SALT).unsign_object(token)
        except (signing.BadSignature, ValueError, UnicodeDecodeError):
            return None
        if not isinstance(pk, int) or isinstance(pk, bool):
            return None
        return self.filter(pk=pk).first()


class PreviewLink(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="preview_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField("expires", default=default_expiry)
    # Made for a published post with changes waiting: the link shows those.
    revision = models.ForeignKey(
        PendingRevision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="preview_links",
        editable=False,
        verbose_name="pending changes",
    )
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["post", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="preview_link_expires_after_creation",
                violation_error_message="A preview link must expire after it is created.",
            ),
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="preview_link_revoked_by_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Preview of “{self.post}” ({self.get_state_display()})"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.revision_id is None:
            # A link to a post with changes waiting previews those changes.
            self.revision = PendingRevision.objects.open().filter(post_id=self.post_id).first()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:preview", kwargs={"token": self.token})

    def clean(self) -> None:
        if self.expires_at and self.expires_at <= (self.created_at or timezone.now()):
            raise ValidationError({"expires_at": "Choose a time in the future."})

    # --- The URL -------------------------------------------------------------

    @property
    def token(self) -> str:
        # Signer, not dumps(): no timestamp, so the URL shown stays the same.
        return signing.Signer(salt=PREVIEW_LINK_SALT).sign_object(self.pk)

    # --- State ---------------------------------------------------------------

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.ACTIVE

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    def revoke(self, user) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            self.save(update_fields=["revoked_at", "revoked_by"])

    # --- What it shows -------------------------------------------------------

    def shows_pending_changes(self) -> bool:
        return self.revision is not None and self.revision.is_open

    def post_to_show(self) -> Post:
        """
        The one place that decides what a preview shows: the pending changes
        the link was made for while they wait, else the post as it is stored.
        """
        if self.shows_pending_changes():
            return self.revision.as_post()
        return (
            Post.objects.select_related("author", "reviewed_by")
            .prefetch_related("categories", "tags")
            .get(pk=self.post_id)
        )

    def public_url_instead(self, shown: Post) -> str | None:
        """The public page to send the visitor to, when it already shows what the link previews."""
        if shown.pk == self.post_id and shown.is_public and not self.shows_pending_changes():
            return shown.get_absolute_url()
        return None

    def record_opening(self, user) -> PreviewLinkOpening | None:
        """Log an opening, unless the same person (or an anonymous visitor) just did."""
        user = user if user is not None and user.is_authenticated else None
        recent = self.openings.filter(
            user=user, opened_at__gt=timezone.now() - OPENING_LOG_INTERVAL
        )
        if recent.exists():
            return None
        return PreviewLinkOpening.objects.create(link=self, user=user)


class PreviewLinkOpening(models.Model):
    """One opening of a preview link. Deliberately no IP address, no user agent."""

    link = models.ForeignKey(PreviewLink, on_delete=models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["link", "-opened_at"])]

    def __str__(self) -> str:
        who = self.user.get_username() if self.user_id else "someone without a login"
        return f"Opened by {who} on {timezone.localtime(self.opened_at):%b %d, %Y %H:%M}"
