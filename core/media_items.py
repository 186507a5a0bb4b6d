"""
The media library: every image uploaded in the admin (into the Markdown
editor, as a featured image, as an author's photo) is a ``MediaItem`` with
its alt text, caption and credit, and ``MediaUsage`` rows say where it is
used. ``core.media`` keeps the usage rows and turns body images into
figures; the rows are what makes deleting a used item impossible
(``on_delete=PROTECT``), with the admin listing the places.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .images import CleanImageField

ANY_ITEM_PERMISSION = "core.use_any_mediaitem"


class MediaItemQuerySet(models.QuerySet["MediaItem"]):
    def visible_to(self, user) -> "MediaItemQuerySet":
        """Editors use the whole library; an author, what she uploaded."""
        if user.has_perm(ANY_ITEM_PERMISSION):
            return self
        return self.filter(uploaded_by=user.pk)

    def search(self, words: str) -> "MediaItemQuerySet":
        found = self
        for word in words.split()[:8]:
            found = found.filter(
                Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
            )
        return found

    def with_in_use(self) -> "MediaItemQuerySet":
        return self.annotate(in_use=in_use())

    def unused(self) -> "MediaItemQuerySet":
        return self.filter(~in_use())

    def used(self) -> "MediaItemQuerySet":
        return self.filter(in_use())


def in_use() -> Exists:
    """Whether an item is used anywhere (one EXISTS per row, on an indexed column)."""
    return Exists(MediaUsage.objects.filter(item=OuterRef("pk")))


class MediaItem(models.Model):
    file = CleanImageField(
        "image",
        upload_to="library/%Y/%m/",
        width_field="width",
        height_field="height",
        max_length=255,
        help_text="A JPEG, PNG, WebP or GIF. It is stored without its metadata.",
    )
    # Stored so that figures are sized, and their renditions named, without opening the file.
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        "alt text",
        max_length=200,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Required unless "
        "the image is decorative.",
    )
    is_decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="Only ornament: screen readers skip it (empty alt text). A post may be "
        "published with it without alt text.",
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="Optional. Shown under the image in posts."
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text="Optional. Who made it, e.g. “Photo: Ana Ruiz”."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = MediaItemQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "media item"
        permissions = [("use_any_mediaitem", "Can use and edit every media item")]
        indexes = [models.Index(fields=["uploaded_by", "-uploaded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_decorative=False) | Q(alt_text=""),
                name="core_mediaitem_decorative_has_no_alt",
                violation_error_message="A decorative image has no alt text: "
                "clear it, or untick “decorative”.",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text or ("Decorative image" if self.is_decorative else str(self.file.name))

    def clean(self) -> None:
        self.alt_text = self.alt_text.strip()
        if not self.alt_text and not self.is_decorative:
            raise ValidationError(
                {
                    "alt_text": "Describe the image for readers who cannot see it, "
                    "or mark it decorative."
                }
            )
        if self.alt_text and self.is_decorative:
            raise ValidationError(
                {"alt_text": "A decorative image has no alt text: clear it, or untick decorative."}
            )

    @property
    def url(self) -> str:
        return self.file.url if self.file else ""

    @property
    def has_alt_text(self) -> bool:
        """Whether a reader who cannot see it is served: described, or marked decorative."""
        return bool(self.alt_text.strip()) or self.is_decorative

    def markdown(self) -> str:
        """What the editor inserts: ``![alt](url "caption")``, both escaped for Markdown."""
        alt = _one_line(self.alt_text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        caption = _one_line(self.caption).replace('"', "”")
        title = f' "{caption}"' if caption else ""
        return f"![{alt}]({self.url}{title})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class MediaUsage(models.Model):
    """One place an item is used: which object, which part of it (body, featured image...)."""

    item = models.ForeignKey(MediaItem, on_delete=models.PROTECT, related_name="usages")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    place = models.CharField(max_length=40)
    # The object's name when last saved: the admin lists places without loading them.
    label = models.CharField(max_length=300)

    class Meta:
        ordering = ["content_type", "object_id", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "content_type", "object_id", "place"], name="core_mediausage_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.name.capitalize()} “{self.label}” ({self.place})"
