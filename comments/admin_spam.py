"""
The spam folder in the admin: comments the filter or a moderator filed as
spam, with the rules that fired and the classifier's score, and the bulk
"not spam" that publishes them exactly as posted and teaches the filter.
Spam is deleted COMMENTS_SPAM_KEEP_DAYS after it was filed (``purge_spam``).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator

from . import decisions
from .admin_evidence import EvidenceColumns
from .models import Comment, SpamComment


@admin.register(SpamComment)
class SpamCommentAdmin(EvidenceColumns, admin.ModelAdmin):
    list_display = [
        "excerpt",
        "name",
        "spam_evidence",
        "score",
        "post",
        "created_at",
        "marked_spam_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["marked_spam_at"]
    list_select_related = ["post"]
    search_fields = ["name", "body", "url"]
    ordering = ["-marked_spam_at", "-created_at"]
    actions = ["not_spam", "delete_selected"]
    fields = [
        "post",
        "name",
        "url",
        "body",
        "evidence",
        "score",
        "created_at",
        "marked_spam_at",
    ]
    readonly_fields = fields
    list_per_page = 50
    # A spam comment is on no page: nothing to view on the site.
    view_on_site = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Nothing to edit in a spam comment: it is published or deleted. The
        # page opens read-only for those who may moderate comments.
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("comments.change_comment")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("comments.delete_comment")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.display(description="comment")
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(80)

    def changelist_view(self, request: HttpRequest, extra_context=None):
        days = getattr(settings, "COMMENTS_SPAM_KEEP_DAYS", 30)
        extra_context = {
            **(extra_context or {}),
            "subtitle": f"Spam is deleted {days} days after it was filed.",
            # The list needs the whole width, like the moderation queue.
            "is_nav_sidebar_enabled": False,
        }
        return super().changelist_view(request, extra_context)

    def has_not_spam_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("comments.change_comment")

    @admin.action(description="Not spam: publish as posted", permissions=["not_spam"])
    def not_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        base_url = f"{request.scheme}://{request.get_host()}"
        count = decisions.publish(queryset, base_url, not_spam=True)
        self.message_user(
            request,
            f"Published {count} comment(s) as posted. The spam filter learnt they are not spam.",
            messages.SUCCESS,
        )
