import math
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from markdownx.models import MarkdownxField

from authors.images import CleanImageField
from authors.markdown import markdown_to_text, render_markdown
from authors.models import Author
from authors.renditions import Picture, picture

WORDS_PER_MINUTE = 220


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="Markdown, shown on the category page.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True, help_text="Markdown, shown on the tag page.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self) -> "PostQuerySet":
        """The one definition of what the public may see."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user) -> "PostQuerySet":
        """
        Published posts for everyone; staff also preview drafts and scheduled
        posts they may edit: publishers all of them, authors their own.
        """
        if not (user.is_active and user.is_staff and user.has_perm("blog.change_post")):
            return self.published()
        if user.has_perm("blog.publish_post"):
            return self
        return self.filter(Q(pk__in=self.published().values("pk")) | Q(author__user=user))

    def scheduled(self) -> "PostQuerySet":
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_cards(self) -> "PostQuerySet":
        """What a list of post cards shows: author and categories, in a fixed number of queries."""
        return self.select_related("author").prefetch_related("categories")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="posts")
    body = MarkdownxField(help_text="Markdown. The preview shows exactly what readers will see.")
    body_html = models.TextField(editable=False, default="")
    excerpt = models.TextField(
        max_length=500,
        blank=True,
        help_text="Optional. Without it, the first paragraph of the body is used.",
    )
    featured_image = CleanImageField(
        upload_to="posts/%Y/%m/",
        blank=True,
        width_field="featured_image_width",
        height_field="featured_image_height",
    )
    # Stored so that pages size the image and its renditions without opening it.
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_alt = models.CharField(
        "featured image alt text",
        max_length=200,
        blank=True,
        help_text="Describe the image for readers who cannot see it. Required with an image.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="A future date schedules the post: it goes live by itself at that time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    related_posts = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        help_text="Hand-picked related posts, shown before the automatic ones.",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        permissions = [("publish_post", "Can publish posts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(featured_image="") | ~Q(featured_image_alt=""),
                name="featured_image_has_alt_text",
                violation_error_message="Describe the featured image in its alt text.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_post_has_date",
                violation_error_message="A published post needs a publication date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # Rendered once here, through the one sanitising function, not per request.
        self.body_html = render_markdown(self.body)
        words = len(markdown_to_text(self.body).split())
        self.reading_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:post_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # Publishing without a date means "now"; set here too so the admin's
        # constraint check sees the date save() would give it.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.featured_image and not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": "Describe the featured image for readers who cannot see it."}
            )

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def featured_picture(self) -> Picture | None:
        """The featured image's responsive renditions (authors/renditions.py)."""
        return picture(self.featured_image, self.featured_image_width, self.featured_image_height)

    @property
    def summary(self) -> str:
        """The excerpt, or the first paragraph of the body as plain text."""
        if self.excerpt.strip():
            return self.excerpt.strip()
        for paragraph in re.split(r"\n\s*\n", self.body or ""):
            paragraph = paragraph.strip()
            # Skip headings, images and other non-prose blocks.
            if paragraph and not paragraph.startswith(("#", "!", "|", "```", ">", "<")):
                return Truncator(markdown_to_text(paragraph)).chars(300)
        return Truncator(markdown_to_text(self.body)).chars(300)

    def related(self, limit: int = 3) -> list["Post"]:
        """
        Up to ``limit`` published posts to read next: the hand-picked ones
        first, then those sharing the most tags and categories.
        """
        # The related list shows titles and reading times: no categories to prefetch.
        picked = list(
            self.related_posts.published().exclude(pk=self.pk).select_related("author")[:limit]
        )
        if len(picked) >= limit:
            return picked
        tag_ids = [tag.pk for tag in self.tags.all()]
        category_ids = [category.pk for category in self.categories.all()]
        if not tag_ids and not category_ids:
            return picked
        # An empty `__in` inside a filtered Count empties the whole query, so
        # only count what this post has.
        shared = Value(0)
        if tag_ids:
            shared += Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
        if category_ids:
            shared += Count("categories", filter=Q(categories__in=category_ids), distinct=True)
        others = (
            Post.objects.published()
            .exclude(pk__in=[self.pk, *(post.pk for post in picked)])
            .annotate(shared=shared)
            .filter(shared__gt=0)
            .order_by("-shared", "-published_at")
            .select_related("author")
        )
        return picked + list(others[: limit - len(picked)])
