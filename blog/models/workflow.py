"""
The review workflow's records: every step a post took between author and
editor (``ReviewStep``, with the notes they left each other), and the
changes an author made to her published post that are not live yet
(``PendingRevision``). The transitions themselves are ``blog.workflow``.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.markdown import render_markdown

from .outbound_links import AllowedDomain
from .posts import Post


class PendingRevisionQuerySet(models.QuerySet):
    def open(self) -> "PendingRevisionQuerySet":
        """Not yet approved or discarded: at most one per post."""
        return self.filter(status__in=PendingRevision.OPEN_STATUSES)


class PendingRevision(models.Model):
    """An author's edit of her published post, kept aside until an editor approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        RETURNED = "returned", "Returned to author"
        APPROVED = "approved", "Approved"
        DISCARDED = "discarded", "Discarded"

    OPEN_STATUSES = (Status.DRAFT, Status.REVIEW, Status.RETURNED)
    # What an author may change of a published post: the slug, the image
    # file, the dates and the review fields stay the editors'.
    FIELDS = (
        "title", "body", "excerpt", "featured_image_alt", "seo_title", "seo_description",
        "key_points", "references",
    )  # fmt: skip
    RELATIONS = ("categories", "tags", "related_posts")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="pending_revisions")
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PendingRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(status__in=["draft", "review", "returned"]),
                name="one_open_pending_revision_per_post",
                violation_error_message="This post already has changes waiting.",
            )
        ]

    def __str__(self) -> str:
        return f"Changes to “{self.data.get('title') or self.post.title}”"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        """The author may keep editing it (not while an editor reviews it)."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @classmethod
    def data_from(cls, values: dict) -> dict:
        """The stored form of a change form's cleaned values (relations as primary keys)."""
        data = {name: values[name] for name in cls.FIELDS if name in values}
        for name in cls.RELATIONS:
            if name in values:
                data[name] = sorted(obj.pk for obj in values[name])
        return data

    def form_initial(self) -> dict:
        """The pending values, as a change form's initial data."""
        return {name: value for name, value in self.data.items() if name in self.field_names()}

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return cls.FIELDS + cls.RELATIONS

    def as_post(self) -> Post:
        """
        An unsaved copy of the post with the pending values, rendered as a
        reader would see it (previews, the review screen's diff). Its
        relations are the pending ones, readable without a save.
        """
        post = Post.objects.get(pk=self.post_id)
        for name in self.FIELDS:
            if name in self.data:
                setattr(post, name, self.data[name])
        is_trusted_link = AllowedDomain.objects.checker()
        post.body_html = render_markdown(post.body, is_trusted_link=is_trusted_link)
        post.render_references(is_trusted_link)
        post.lead = ""
        cache = getattr(post, "_prefetched_objects_cache", {})
        for name in self.RELATIONS:
            if name in self.data:
                related = Post._meta.get_field(name).related_model
                cache[name] = related._default_manager.filter(pk__in=self.data[name])
        post._prefetched_objects_cache = cache
        return post

    def apply(self) -> Post:
        """Write the pending values to the post through its normal save (seal, cache, index)."""
        post = self.as_post()
        post.save()
        for name in self.RELATIONS:
            if name in self.data:
                getattr(post, name).set(self.data[name])
        return post


class ReviewStepQuerySet(models.QuerySet):
    def for_people(self) -> "ReviewStepQuerySet":
        return self.select_related("by", "revision")


class ReviewStep(models.Model):
    """One move of a post (or of its pending revision) through review, with its note."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        WITHDRAWN = "withdrawn", "Withdrawn from review"
        RETURNED = "returned", "Returned to author"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        APPROVED = "approved", "Changes approved"
        DISCARDED = "discarded", "Changes discarded"
        UNPUBLISHED = "unpublished", "Unpublished"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="review_steps")
    revision = models.ForeignKey(
        PendingRevision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name="pending revision",
    )
    action = models.CharField(max_length=12, choices=Action)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = ReviewStepQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["post", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.post}"
