"""
Editors keep the redirects (add, correct, delete, and see which are still
used) and see the outgoing mail, which they may erase by address.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import OutgoingMail, Redirect


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
