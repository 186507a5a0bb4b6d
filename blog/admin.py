from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from markdownx.admin import MarkdownxModelAdmin

from core.image_admin import ImageNotStoredAdminMixin, MediaChooserAdminMixin
from core.revisions import HistoryAdmin

from . import workflow
from .admin_clinical import ClinicalReviewAdminMixin
from .admin_forms import ChangedSinceOpenedAdminMixin
from .admin_imports import ImportRunAdmin  # noqa: F401  (registers the import runs)
from .admin_integrity import NeedsReviewFilter  # also registers the link review screens
from .admin_newsletter import NewsletterTestAdminMixin
from .admin_previews import PreviewLinkAdmin  # noqa: F401  (registers the preview links)
from .admin_workflow import ReviewWorkflowAdminMixin, WorkflowFilter, base_url_of
from .models import BlockedPhrase, Category, Post, Tag
from .workflow import TransitionRefused
from .workflow import publish as publish_post
from .workflow import unpublish as unpublish_post


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(
    NewsletterTestAdminMixin,
    ClinicalReviewAdminMixin,
    ReviewWorkflowAdminMixin,
    ImageNotStoredAdminMixin,
    MediaChooserAdminMixin,
    ChangedSinceOpenedAdminMixin,
    HistoryAdmin,
    MarkdownxModelAdmin,
):
    list_display = ["title", "author", "status_label", "published_at", "updated_at"]
    list_filter = [WorkflowFilter, "status", NeedsReviewFilter, "author", "categories"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "reviewed_by"]
    filter_horizontal = ["categories", "tags", "related_posts", "focus_areas"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "body", "excerpt"]}),
        ("Key points and references", {"fields": ["key_points", "references"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        ("Publishing", {"fields": ["status", "published_at", "email_subscribers"]}),
        (
            "Clinical review",
            {
                "fields": [
                    "requires_clinical_review",
                    "clinical_review_interval",
                    "reviewed_by",
                    "reviewed_on",
                    "clinical_review_panel",
                ]
            },
        ),
        ("Categories, tags and related posts", {"fields": ["categories", "tags", "related_posts"]}),
        ("Therapists suggested under the post", {"fields": ["focus_areas"]}),
        (
            "Search engines and link previews",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="status", ordering="status")
    def status_label(self, post: Post) -> str:
        if post.is_scheduled:
            return f"Scheduled for {timezone.localtime(post.published_at):%b %d, %Y %H:%M}"
        return post.get_status_display()

    @admin.action(description="Publish selected posts", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        # Through the workflow, one post at a time: each is checked against
        # the blocklist, saved (seal, cache, index) and recorded as a step.
        count = 0
        for post in queryset.exclude(status=Post.Status.PUBLISHED):
            try:
                publish_post(post, request.user, base_url=base_url_of(request))
            except TransitionRefused as refused:
                self.message_user(request, f"“{post}” was not published. {refused}", messages.ERROR)
                continue
            count += 1
        self.message_user(request, f"Published {count} post(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected posts", permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        # One save each, not a bulk update: saving is what refreshes cached
        # pages, the search index, the seal and the revision history.
        count = 0
        for post in queryset.filter(status=Post.Status.PUBLISHED):
            try:
                unpublish_post(post, request.user)
            except TransitionRefused as refused:
                self.message_user(request, f"“{post}”: {refused}", messages.ERROR)
                continue
            count += 1
        self.message_user(request, f"Unpublished {count} post(s).", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return workflow.is_publisher(request.user)

    # --- Authors write their own drafts; publishers (Editors) do the rest ----

    def get_queryset(self, request: HttpRequest) -> QuerySet[Post]:
        queryset = super().get_queryset(request)
        if self.has_publish_permission(request):
            return queryset
        return queryset.filter(author__user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and (
            self.has_publish_permission(request) or hasattr(request.user, "author_profile")
        )

    def has_view_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or self.has_publish_permission(request):
            return allowed
        return obj.author.user_id == request.user.pk

    def has_change_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or self.has_publish_permission(request):
            return allowed
        # In review, the author only views it; a published post's edits are kept pending.
        return obj.author.user_id == request.user.pk and self.author_may_edit(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed or self.has_publish_permission(request):
            return allowed
        return obj.author.user_id == request.user.pk and obj.status == Post.Status.DRAFT

    def get_readonly_fields(self, request: HttpRequest, obj: Post | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["author", "status", "published_at", "reviewed_by", "reviewed_on"]
            fields += ["email_subscribers"]  # the editors decide who is mailed
        elif getattr(obj, "stored_status", None) in (
            Post.Status.PUBLISHED,
            Post.Status.UNPUBLISHED,
        ):
            # Only the save that first publishes a post mails it: on a post
            # past that, the box would change nothing, so it is shown, not offered.
            fields += ["email_subscribers"]
        return fields

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("key_points", "references") and field is not None:
            field.widget.attrs["rows"] = 5  # a few lines each, not a body's worth
        return field

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        # An author picks related posts among what they could read anyway,
        # never another author's draft.
        if db_field.name == "related_posts" and not self.has_publish_permission(request):
            kwargs["queryset"] = Post.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Post, form, change: bool) -> None:
        if not self.has_publish_permission(request):
            # Whatever was posted: an author's post is theirs, and only the
            # workflow's transitions change its status (blog.workflow).
            obj.author = request.user.author_profile
            stored = Post.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            obj.status = stored if change and stored else Post.Status.DRAFT
        super().save_model(request, obj, form, change)


@admin.register(BlockedPhrase)
class BlockedPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind", "language", "is_active", "created_at"]
    list_filter = ["kind", "is_active", "language"]
    list_editable = ["is_active"]
    search_fields = ["phrase"]
