from django.conf import settings
from django.db import models
from django.urls import reverse

from .images import CleanImageField
from .renditions import Picture, picture


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
    photo = CleanImageField(
        upload_to="authors/", blank=True, width_field="photo_width", height_field="photo_height"
    )
    # Stored so that pages size the photo and its renditions without opening it.
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    booking_url = models.URLField(
        blank=True, help_text="Where readers book a session (https:// only)."
    )
    booking_label = models.CharField(max_length=80, default="Book a session")
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive authors have no public page."
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("authors:detail", kwargs={"slug": self.slug})

    @property
    def photo_picture(self) -> Picture | None:
        """The photo's responsive renditions (authors/renditions.py)."""
        return picture(self.photo, self.photo_width, self.photo_height)
