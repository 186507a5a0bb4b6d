"""
Editors keep the redirects (add, correct, delete, and see which are still
used) and see the outgoing mail, which they may erase by address. Editors
and authors keep the media library (authors: their own uploads).
"""

from typing import cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from . import media
from .image_admin import ImageNotStoredAdminMixin
from .media_items import MediaItemQuerySet, in_use
from .models import MediaItem, OutgoingMail, Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "is_permanent", "source", "hits", "last_hit_at"]
    list_filter = ["source", "is_permanent"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["source", "hits", "last_hit_at", "created_at", "created_by"]
    list_select_related = ["created_by"]
    fields = ["old_path", "new_path", "is_permanent", *readonly_fields]

    def save_model(self, request: HttpRequest, obj: Redirect, form, change: bool) -> None:
        if not change:
            obj.source = Redirect.Source.MANUAL
            obj.created_by_id = request.user.pk
        super().save_model(request, obj, form, change)
        if obj.collapsed_from:
            messages.info(
                request,
                f"{obj.collapsed_from} itself redirects to {obj.new_path}, "
                "so this redirect sends readers straight there.",
            )


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """
    What the site sent, is sending, retries and gave up on, read-only: the
    queue writes these rows. Deleting is erasing a person's mail by address.
    """

    list_display = ["subject", "to", "status", "attempts", "about", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "about"]
    date_hierarchy = "created_at"
    actions = ["erase_addresses"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutgoingMail | None = None) -> bool:
        return False

    @admin.action(
        description="Erase every message to the selected addresses", permissions=["delete"]
    )
    def erase_addresses(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        addresses = sorted({mail.to.casefold() for mail in queryset.only("to")})
        erased = sum(OutgoingMail.objects.erase_address(address) for address in addresses)
        self.message_user(
            request,
            f"Erased {erased} message(s) to {len(addresses)} address(es).",
            messages.SUCCESS,
        )


class InUseFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "use"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("unused", "Not used anywhere"), ("used", "Used")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[MediaItem]):
        if self.value() == "unused":
            return queryset.filter(~in_use())
        if self.value() == "used":
            return queryset.filter(in_use())
        return queryset


class NeedsAltTextFilter(admin.SimpleListFilter):
    title = "alt text"
    parameter_name = "alt"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("missing", "Missing (neither described nor decorative)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[MediaItem]):
        if self.value() == "missing":
            return queryset.filter(alt_text="", is_decorative=False)
        return queryset


@admin.register(MediaItem)
class MediaItemAdmin(ImageNotStoredAdminMixin, admin.ModelAdmin):
    """
    The library: every image uploaded in the admin. Authors see and edit
    their own uploads; editors all. An item in use cannot be deleted: the
    delete page lists the places (its MediaUsage rows are protected).
    """

    list_display = [
        "thumbnail",
        "__str__",
        "caption",
        "credit",
        "in_use",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = [InUseFilter, NeedsAltTextFilter, "is_decorative"]
    search_fields = ["alt_text", "caption", "credit"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["thumbnail", "markdown", "places", "uploaded_by", "uploaded_at"]
    fields = ["file", "alt_text", "is_decorative", "caption", "credit", *readonly_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MediaItem]:
        items = cast(MediaItemQuerySet, super().get_queryset(request))
        return items.with_in_use().visible_to(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: MediaItem | None = None):
        # A stored item keeps its file: posts link to its address.
        fields = list(super().get_readonly_fields(request, obj))
        return ["file", *fields] if obj is not None else fields

    def _may_use(self, request: HttpRequest, obj: MediaItem | None) -> bool:
        return obj is None or MediaItem.objects.visible_to(request.user).filter(pk=obj.pk).exists()

    def has_view_permission(self, request: HttpRequest, obj: MediaItem | None = None) -> bool:
        return super().has_view_permission(request, obj) and self._may_use(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: MediaItem | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_use(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: MediaItem | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_use(request, obj)

    def save_model(self, request: HttpRequest, obj: MediaItem, form, change: bool) -> None:
        if not change:
            obj.uploaded_by_id = request.user.pk
        super().save_model(request, obj, form, change)

    @admin.display(description="preview")
    def thumbnail(self, item: MediaItem) -> str:
        if not item.file:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="120" class="media-thumbnail">', item.file.url
        )

    @admin.display(description="used", boolean=True, ordering="in_use")
    def in_use(self, item: MediaItem) -> bool:
        return bool(getattr(item, "in_use", False))

    @admin.display(description="Markdown to insert it")
    def markdown(self, item: MediaItem) -> str:
        return format_html("<code>{}</code>", item.markdown()) if item.file else "—"

    @admin.display(description="where it is used")
    def places(self, item: MediaItem) -> str:
        found = media.places(item) if item.pk else []
        if not found:
            return "Not used anywhere: it may be deleted."
        return format_html_join("", "<p>{}</p>", ((place,) for place in found))
