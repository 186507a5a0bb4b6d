"""
Admin screens for content integrity: allowed domains, outbound links and
the list of links waiting for an editor's review. Imported by blog/admin.py.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from .models import AllowedDomain, LinkToReview, OutboundLink


class NeedsReviewFilter(admin.SimpleListFilter):
    """Posts whose text is in another script or mixes alphabets (core.writing_systems)."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Needs review"), ("no", "Looks fine")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(review_reasons="")
        if self.value() == "no":
            return queryset.filter(review_reasons="")
        return queryset


@admin.register(AllowedDomain)
class AllowedDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "note", "created_at"]
    search_fields = ["domain", "note"]


@admin.register(OutboundLink)
class OutboundLinkAdmin(admin.ModelAdmin):
    list_display = ["url_link", "anchor_text", "where", "first_seen", "reviewed", "reviewed_by"]
    list_filter = ["reviewed", "content_type", "first_seen"]
    list_select_related = ["content_type", "reviewed_by"]
    search_fields = ["url", "domain", "anchor_text"]
    actions = ["mark_reviewed"]
    fields = ["url", "domain", "anchor_text", "where", "field", "first_seen"]
    fields += ["reviewed", "reviewed_by", "reviewed_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboundLink]:
        return super().get_queryset(request).prefetch_related("source")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # links are recorded from what is published, not typed in

    @admin.display(description="URL", ordering="url")
    def url_link(self, link: OutboundLink) -> str:
        # Shown, not followed: the admin must not pass a spam site a referrer.
        return format_html("<code>{}</code>", link.url)

    @admin.display(description="where")
    def where(self, link: OutboundLink) -> str:
        source = link.source
        if source is None:
            return f"{link.content_type.name} #{link.object_id} (deleted)"
        label = f"{link.content_type.name.capitalize()}: {source} ({link.field})"
        try:
            url = reverse(
                f"admin:{link.content_type.app_label}_{link.content_type.model}_change",
                args=[link.object_id],
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(description="Mark selected links reviewed", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[OutboundLink]) -> None:
        count = queryset.filter(reviewed=False).update(
            reviewed=True, reviewed_by=request.user, reviewed_at=timezone.now()
        )
        self.message_user(request, f"Marked {count} link(s) reviewed.", messages.SUCCESS)


@admin.register(LinkToReview)
class LinkToReviewAdmin(OutboundLinkAdmin):
    list_filter = ["content_type", "first_seen"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboundLink]:
        return super().get_queryset(request).to_review()
