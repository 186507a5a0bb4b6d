"""Posts: what a post holds, what the public may see of it, and what to read next."""

import math

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from authors.models import Author, FocusArea
from core.images import CleanImageField
from core.integrity import seal
from core.markdown import lead_text, markdown_to_text, render_markdown
from core.page_cache import tag_for
from core.renditions import Picture, picture
from core.screening import phrase_problems
from core.writing_systems import review_reasons

from .blocked_phrases import BlockedPhrase
from .clinical_review import ClinicalReviewMixin
from .evidence import PostEvidence
from .outbound_links import AllowedDomain, OutboundLink, OutboundLinkQuerySet
from .post_images import PostImagesMixin
from .post_navigation import PostNavigationMixin
from .post_queries import PostQuerySet
from .taxonomy import Category, Tag

WORDS_PER_MINUTE = 220


class Post(PostImagesMixin, ClinicalReviewMixin, PostNavigationMixin, PostEvidence):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"  # or scheduled, with a date to come
        UNPUBLISHED = "unpublished", "Unpublished"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="posts")
    body = MarkdownxField(help_text="Markdown. The preview shows exactly what readers will see.")
    body_html = models.TextField(editable=False, default="")
    # The body's first paragraph as plain text, made on save: cards, feeds and
    # descriptions show it as the summary of a post without an excerpt.
    lead = models.TextField(editable=False, default="")
    excerpt = models.TextField(
        max_length=500,
        blank=True,
        help_text="Optional. Without it, the first paragraph of the body is used.",
    )
    seo_title = models.CharField(
        "headline in search results",
        max_length=70,
        blank=True,
        help_text="Optional. Replaces the page title in search results and link previews. "
        "Best at 50–60 characters.",
    )
    seo_description = models.CharField(
        "summary in search results",
        max_length=200,
        blank=True,
        help_text="Optional. Replaces the summary in search results and link previews. "
        "Best at 120–160 characters.",
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
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
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
    # What the post is about in the directory's words: its page suggests
    # therapists who work with these ("Therapists who work with…").
    focus_areas = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="posts",
        help_text="The page suggests up to three therapists who work with these.",
    )
    related_posts = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        help_text="Hand-picked related posts, shown before the automatic ones.",
    )
    comments_open = models.BooleanField(
        "allow comments",
        default=True,
        help_text="Readers may comment. Comments also close by themselves after "
        "COMMENTS_CLOSE_AFTER_DAYS days, when that setting is not 0.",
    )

    # Read once, when the post is first published (blog.newsletter_sending):
    # never again for later edits. On for new posts (stored ones: off).
    email_subscribers = models.BooleanField(
        "email this post to subscribers",
        default=True,
        help_text="When it is first published (or goes live, if scheduled), send it to "
        "newsletter subscribers who chose every new post. Later edits send nothing.",
    )

    # Clinical review (rules in .clinical_review): signed off by a licensed author
    # (PostAdmin's sign-off screen) or recorded by an editor; shown under the byline.
    reviewed_by = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_posts",
        verbose_name="clinical reviewer",
        help_text="Another author who checked this post's clinical content.",
    )
    reviewed_on = models.DateField("review date", null=True, blank=True)
    requires_clinical_review = models.BooleanField(
        "needs clinical review",
        default=False,
        help_text="The post gives health advice: a licensed author signs it off, "
        "and again each time the review lapses.",
    )
    clinical_review_interval = models.PositiveSmallIntegerField(
        "review again after (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    # reviewed_on + the interval, set on save, so "reviews due" is one indexed query.
    next_review_due = models.DateField(
        "next review due", null=True, blank=True, editable=False, db_index=True
    )

    review_reasons = models.TextField(
        "needs review because",
        blank=True,
        editable=False,
        help_text="Set on save when the text is in another script or mixes alphabets.",
    )
    content_seal = models.CharField(max_length=64, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    # Derived or bookkeeping: they change with what people type, so the
    # history's comparison of two versions leaves them out (core.revisions).
    REVISION_IGNORED_FIELDS = [
        "body_html", "lead", "reading_minutes", "review_reasons", "content_seal", "updated_at",
        "next_review_due", "references_html",
    ]  # fmt: skip
    # What the post page shows; the tamper seal covers these (core.integrity).
    # Everything of a post that reaches a page (audit_content checks them).
    SEALED_FIELDS = [
        "title", "slug", "author", "body", "body_html", "excerpt",
        "featured_image", "featured_image_alt", "seo_title", "seo_description",
        "reviewed_by", "reviewed_on", "key_points", "references", "references_html",
    ]  # fmt: skip
    # The page cache (core.bumps): a change to these moves the post in or out
    # of lists; adding it to a category or tag changes that one's list.
    PAGE_CACHE_LIST_FIELDS = ("status", "published_at", "author_id")
    PAGE_CACHE_MEMBERSHIPS = ("categories", "tags")

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
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True, reviewed_on__isnull=True)
                | Q(reviewed_by__isnull=False, reviewed_on__isnull=False),
                name="clinical_review_has_reviewer_and_date",
                violation_error_message="A clinical review needs both a reviewer and a date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # Rendered once here, through the one sanitising function, not per request.
        is_trusted_link = AllowedDomain.objects.checker()
        self.body_html = render_markdown(self.body, is_trusted_link=is_trusted_link)
        self.render_references(is_trusted_link)
        self.lead = lead_text(self.body)
        kwargs = self.set_next_review_due(kwargs)
        words = len(markdown_to_text(self.body).split())
        self.reading_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
        self.review_reasons = "\n".join(
            review_reasons(
                f"{self.title}\n{self.excerpt}\n{self.key_points}\n{self.references}\n"
                f"{markdown_to_text(self.body)}"
            )
        )
        super().save(*args, **kwargs)
        seal(self)

    def get_absolute_url(self) -> str:
        return reverse("blog:post_detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        post = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        # As stored (Django's documented way): a form that failed validation
        # has written the posted status into the instance the admin shows again.
        post.stored_status = getattr(post, "status", None) if "status" in field_names else None
        return post

    def redirect_urls(self) -> list[str]:
        """Addresses readers may keep; a move leaves redirects (core.redirects)."""
        return [self.get_absolute_url()] if self.is_public else []

    # What a post contributes: its tags in the page cache (core.bumps), the
    # links it shows readers (blog.links), its words in the search index.
    def page_cache_tags(self) -> list[str]:
        return [tag_for(self)]

    def page_cache_lists(self) -> list[str]:
        """The lists the post is (or was) a member of."""
        tags = ["posts"]
        if self.pk:
            tags += [f"category-posts:{pk}" for pk in self.categories.values_list("pk", flat=True)]
            tags += [f"tag-posts:{pk}" for pk in self.tags.values_list("pk", flat=True)]
            # Posts that hand-picked this one show it among their related posts.
            pickers = Post.related_posts.through.objects.filter(to_post_id=self.pk)
            tags += [f"post:{pk}" for pk in pickers.values_list("from_post_id", flat=True)]
        return tags

    def outbound_link_html(self) -> dict[str, str]:
        # Drafts reach no reader; their links are recorded when they are published.
        if self.status != self.Status.PUBLISHED:
            return {}
        return {"body": self.body_html, "references": self.references_html}

    def search_document(self) -> tuple[str, str, str]:
        return (self.title, self.excerpt, markdown_to_text(self.body))

    def clean(self) -> None:
        # Publishing without a date means "now"; set here too so the admin's
        # constraint check sees the date save() would give it.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.featured_image and not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": "Describe the featured image for readers who cannot see it."}
            )
        self.clean_clinical_review()
        if self.status == self.Status.PUBLISHED and (problems := self.publishing_problems()):
            raise ValidationError(problems)

    # Every field of a post that reaches a public page, and how it gets there.
    SCREENED_FIELDS = {
        "title": "text",
        "body": "markdown",
        "excerpt": "text",
        "seo_title": "text",
        "seo_description": "text",
        "featured_image_alt": "text",
        "key_points": "text",
        "references": "text",
    }

    def blocklist_problems(self) -> dict[str, list[str]]:
        """Per field, why the post may not be published with it (spam blocklist)."""
        phrases = BlockedPhrase.objects.active_phrases()
        return {
            name: found
            for name, kind in self.SCREENED_FIELDS.items()
            if (found := phrase_problems(getattr(self, name), kind, phrases))
        }

    def publishing_problems(self) -> dict[str, list[str]]:
        """Per field, why the post may not be published as it is."""
        problems = self.blocklist_problems()
        if missing := self.images_without_alt_text():
            problems["body"] = [*problems.get("body", []), *missing]
        return problems

    def blocked_links(self) -> list[str]:
        """
        Everything the post may not be published with (the spam blocklist,
        in its links and its text; body images without alt text): what the
        editor is told.
        """
        return [problem for found in self.publishing_problems().values() for problem in found]

    @property
    def needs_review(self) -> list[str]:
        return self.review_reasons.splitlines()

    def links_to_review(self) -> OutboundLinkQuerySet:
        """This post's outbound links no editor has reviewed, to domains not allowed."""
        return OutboundLink.objects.to_review().filter(
            content_type=ContentType.objects.get_for_model(Post), object_id=self.pk
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
        # A list leaves the body out (``without_long_text``): the stored lead is its lead.
        if self.lead or "body" in self.get_deferred_fields() or not self.body:
            return self.lead
        return lead_text(self.body)  # not saved yet (an admin preview)

    def related(self, limit: int = 3) -> list["Post"]:
        """
        Up to ``limit`` published posts to read next: the hand-picked ones
        first, then those sharing the most tags and categories. One query.
        """
        through = Post.related_posts.through
        picked = Exists(through.objects.filter(from_post_id=self.pk, to_post_id=OuterRef("pk")))
        tag_ids = [tag.pk for tag in self.tags.all()]
        category_ids = [category.pk for category in self.categories.all()]
        # An empty `__in` inside a filtered Count empties the whole query, so
        # only count what this post has.
        shared = Value(0)
        if tag_ids:
            shared += Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
        if category_ids:
            shared += Count("categories", filter=Q(categories__in=category_ids), distinct=True)
        return list(
            Post.objects.published()
            .exclude(pk=self.pk)
            .annotate(
                picked=picked,
                shared=shared,
                # Hand-picked posts by date, the others by what they share.
                rank=Case(When(picked=True, then=Value(0)), default=F("shared")),
            )
            .filter(Q(picked=True) | Q(shared__gt=0))
            .order_by("-picked", "-rank", "-published_at")
            .for_links()[:limit]
        )
