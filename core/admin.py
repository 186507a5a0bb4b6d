"""Editors keep the redirects: add, correct, delete, and see which are still used."""

from django.contrib import admin, messages
from django.http import HttpRequest

from .models import Redirect


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
