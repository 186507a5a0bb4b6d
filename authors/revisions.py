"""
Revisions of what people edit in the admin, with django-reversion.

Every admin save of a model whose admin uses ``HistoryAdmin`` keeps a
version (who, when, the admin's change message), so "who added this link,
and when" has an answer. The history page lists the versions, compares any
two field by field, and restores one (reversion's own revert form).

Registering one more model is one line: ``class CredentialAdmin(HistoryAdmin)``
(or list it as an inline of an admin that already is one: reversion follows
inlines). It lives in ``authors``, the bottom of the dependency chain, so the
blog's and the authors' admins share it.
"""

import difflib
from dataclasses import dataclass

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

# Derived or bookkeeping fields: they change with the fields people type.
NOT_COMPARED = {
    "body_html",
    "admin_hash",
    "review_reasons",
    "updated_at",
    "reading_minutes",
    "lead",
}


@dataclass
class FieldDiff:
    name: str
    label: str
    lines: list[tuple[str, str]]  # (kind, text): kind is "added", "removed" or "same"


def _as_lines(value) -> list[str]:
    if isinstance(value, list | tuple | set):
        return [str(item) for item in value]
    return str("" if value is None else value).splitlines() or [""]


def compare_versions(old: Version, new: Version) -> list[FieldDiff]:
    """The fields that differ between two versions of one object, line by line."""
    model = new._model
    old_fields, new_fields = old.field_dict, new.field_dict
    diffs = []
    for field in model._meta.get_fields():
        name = getattr(field, "attname", None) or field.name
        if field.name in NOT_COMPARED or name not in new_fields:
            continue
        before, after = _as_lines(old_fields.get(name)), _as_lines(new_fields.get(name))
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            code, text = line[:2], line[2:]
            if code == "? ":
                continue  # ndiff's intraline hints
            kind = {"+ ": "added", "- ": "removed"}.get(code, "same")
            lines.append((kind, text))
        diffs.append(FieldDiff(name, str(getattr(field, "verbose_name", name)), lines))
    return diffs


class HistoryAdmin(VersionAdmin):
    """VersionAdmin with object-level checks and a diff between two versions."""

    object_history_template = "admin/revisions/object_history.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def _visible_object(self, request: HttpRequest, object_id: str, *, change: bool = False):
        """The object, if this user may see it (or change it): never someone else's."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion reverts first and lets the change form decide afterwards; a
        # POST that the form answers with a redirect (an object outside this
        # user's queryset) would keep the revert. Check before anything happens.
        self._visible_object(request, object_id, change=request.method == "POST")
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if isinstance(response, TemplateResponse) and "action_list" in response.context_data:
            actions = response.context_data["action_list"]
            opts = self.model._meta
            compare_url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
                args=[quote(unquote(object_id))],
                current_app=self.admin_site.name,
            )
            versions = {
                action["revision"].pk: action["revision"].version_set.get(
                    content_type__app_label=opts.app_label, content_type__model=opts.model_name
                )
                for action in actions
            }
            # Each version is compared with the one saved before it.
            by_age = sorted(actions, key=lambda action: action["revision"].pk)
            for older, action in zip(by_age, by_age[1:], strict=False):
                old, new = versions[older["revision"].pk], versions[action["revision"].pk]
                action["compare_url"] = f"{compare_url}?old={old.pk}&new={new.pk}"
        return response

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._visible_object(request, object_id)
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            old = get_object_or_404(versions, pk=int(request.GET.get("old", "")))
            new = get_object_or_404(versions, pk=int(request.GET.get("new", "")))
        except ValueError:
            raise Http404("Choose two versions to compare.") from None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Changes to {obj}",
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "original": obj,
            "old": old,
            "new": new,
            "diffs": compare_versions(old, new),
            "history_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
                args=[quote(obj.pk)],
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/revisions/compare.html", context)
