from django.conf import settings
from django.db import models
from django.urls import reverse

from .images import CleanImageField
from .integrity import seal


class AuthorQuerySet(models.QuerySet):
    def active(self) -> "AuthorQuerySet":
        return self.filter(is_active=True)


class Author(models.Model):
    """A person who writes for the site; guest authors have no login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The login that may edit this profile. Guest authors have none.",
    )
    name = models.CharField("display name", max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(
        max_length=160, blank=True, help_text="One line, e.g. “Couples therapist in Portland”."
    )
    short_bio = models.TextField(
        max_length=300, blank=True, help_text="Plain text, at most 300 characters."
    )
    photo = CleanImageField(upload_to="authors/", blank=True)
    booking_url = models.URLField(
        blank=True, help_text="Where readers book a session (https:// only)."
    )
    booking_label = models.CharField(max_length=80, default="Book a session")
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive authors have no public page."
    )

    admin_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuthorQuerySet.as_manager()

    # What a profile shows readers; the tamper seal covers these (authors.integrity).
    SEALED_FIELDS = [
        "name", "slug", "headline", "short_bio", "photo", "booking_url", "booking_label"
    ]  # fmt: skip

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        seal(self)

    def get_absolute_url(self) -> str:
        return reverse("authors:detail", kwargs={"slug": self.slug})
