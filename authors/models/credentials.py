"""
An author's degrees, licences and certifications, and their verification:
self-declared until an editor verifies them, and the mark lost again with an
edit nobody re-verified or with the expiry date.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core import screening
from core.integrity import seal

from .profiles import Author

EXPIRY_WARNING_DAYS = 60


class CredentialQuerySet(models.QuerySet):
    def public(self) -> "CredentialQuerySet":
        """What readers may see: verified by an editor (expired ones stay, without the mark)."""
        return self.filter(verified=True)

    def awaiting_verification(self) -> "CredentialQuerySet":
        return self.filter(verified=False)

    def verified(self) -> "CredentialQuerySet":
        """Verified and not expired: what carries the verified mark on the site."""
        today = timezone.localdate()
        return self.filter(verified=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )

    def expired(self) -> "CredentialQuerySet":
        return self.filter(expires_on__lt=timezone.localdate())

    def expiring_within(self, days: int = EXPIRY_WARNING_DAYS) -> "CredentialQuerySet":
        today = timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


class Credential(models.Model):
    """One degree, licence or certification, shown by its abbreviation in the byline."""

    class Kind(models.TextChoices):
        DEGREE = "degree", "Degree"
        LICENCE = "licence", "Licence"
        CERTIFICATION = "certification", "Certification"

    # Changing any of these by anyone but a verifying editor clears the verification.
    TEXT_FIELDS = (
        "abbreviation",
        "title",
        "kind",
        "issuer",
        "jurisdiction",
        "licence_number",
        "expires_on",
    )

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="credentials")
    abbreviation = models.CharField(max_length=20, help_text="As in the byline, e.g. “LMFT”.")
    title = models.CharField(
        "full title", max_length=200, help_text="E.g. “Licensed Marriage and Family Therapist”."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.DEGREE)
    issuer = models.CharField(
        "issuing body", max_length=200, blank=True, help_text="Optional, e.g. the university."
    )
    jurisdiction = models.CharField(
        max_length=120, blank=True, help_text="Optional, e.g. “Oregon” for a state licence."
    )
    licence_number = models.CharField(max_length=60, blank=True)
    expires_on = models.DateField("expiry date", null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in the byline."
    )
    verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    content_seal = models.CharField(max_length=64, blank=True, editable=False)

    objects = CredentialQuerySet.as_manager()

    # Bookkeeping the history's comparison leaves out (core.revisions).
    REVISION_IGNORED_FIELDS = ["content_seal"]
    # What a byline shows of it, and whose it is and whether an editor vouched
    # for it: the tamper seal covers these (core.integrity, audit_content).
    SEALED_FIELDS = ["author", *TEXT_FIELDS, "verified"]

    class Meta:
        ordering = ["author", "position", "pk"]
        indexes = [models.Index(fields=["expires_on"])]
        permissions = [("verify_credential", "Can verify credentials")]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified=False) | Q(verified_at__isnull=False),
                name="verified_credential_has_date",
                violation_error_message="A verified credential needs a verification date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.abbreviation} ({self.title})"

    def save(self, *args, **kwargs) -> None:
        # An edit nobody re-verified in this same save (mark_verified) was
        # not checked by the editors: it loses its mark.
        re_verified = getattr(self, "_loaded", {}).get("verified_at") != self.verified_at
        if self.pk and self.text_changed() and not re_verified:
            self.clear_verification()
        if not self.verified:
            self.verified_by = None
            self.verified_at = None
        super().save(*args, **kwargs)
        seal(self)
        self._loaded = {name: getattr(self, name) for name in (*self.TEXT_FIELDS, "verified_at")}

    def get_absolute_url(self) -> str:
        return self.author.get_absolute_url() + "#credentials"

    # The page cache (core.bumps): a credential shows in every byline of its
    # author, and its verified mark on every page showing "credentials".
    def page_cache_tags(self) -> list[str]:
        return [f"author:{self.author_id}", "credentials"]

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded = {
            name: getattr(instance, name)
            for name in (*cls.TEXT_FIELDS, "verified_at")
            if name in field_names
        }
        return instance

    # What the byline and profile show of a credential.
    SCREENED_FIELDS = {
        "abbreviation": "text",
        "title": "text",
        "issuer": "text",
        "jurisdiction": "text",
        "licence_number": "text",
    }

    def clean(self) -> None:
        if "," in self.abbreviation:
            raise ValidationError(
                {"abbreviation": "One abbreviation per credential: add another for the next one."}
            )
        if problems := screening.problems_by_field(self, self.SCREENED_FIELDS):
            raise ValidationError(problems)

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_public(self) -> bool:
        """
        Whether readers see it at all. Authors declare their credentials
        themselves, so none reaches a page or the structured data before an
        editor has verified it. A verified one that expired stays listed
        (the licence was real) but loses its verified mark (``is_verified``).
        """
        return self.verified and self.verified_at is not None

    @property
    def is_verified(self) -> bool:
        """Whether the site shows the verified mark: an expired credential loses it by itself."""
        return self.verified and self.verified_at is not None and not self.is_expired

    def text_changed(self) -> bool:
        loaded = getattr(self, "_loaded", None)
        if not loaded:
            return False
        return any(
            name in loaded and getattr(self, name) != loaded[name] for name in self.TEXT_FIELDS
        )

    def mark_verified(self, user) -> None:
        self.verified = True
        self.verified_by = user
        self.verified_at = timezone.now()

    def clear_verification(self) -> None:
        self.verified = False
        self.verified_by = None
        self.verified_at = None
