from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from markdownx.admin import MarkdownxModelAdmin

from authors.image_admin import ImageNotStoredAdminMixin

from .admin_forms import ChangedSinceOpenedAdminMixin
from .models import Category, Post, Tag


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
class PostAdmin(ImageNotStoredAdminMixin, ChangedSinceOpenedAdminMixin, MarkdownxModelAdmin):
    list_display = ["title", "author", "status_label", "published_at", "updated_at"]
    list_filter = ["status", "author", "categories"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    filter_horizontal = ["categories", "tags", "related_posts"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "body", "excerpt"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("Categories, tags and related posts", {"fields": ["categories", "tags", "related_posts"]}),
    ]

    @admin.display(description="status", ordering="status")
    def status_label(self, post: Post) -> str:
        if post.is_scheduled:
            return f"Scheduled for {timezone.localtime(post.published_at):%b %d, %Y %H:%M}"
        return post.get_status_display()

    @admin.action(description="Publish selected posts", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        count = 0
        for post in queryset.exclude(status=Post.Status.PUBLISHED):
            post.status = Post.Status.PUBLISHED
            post.save()  # save() dates it now when it has no date, and renders the body
            count += 1
        self.message_user(request, f"Published {count} post(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected posts (back to draft)", permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        count = queryset.filter(status=Post.Status.PUBLISHED).update(
            status=Post.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(request, f"Moved {count} post(s) back to draft.", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("blog.publish_post")
