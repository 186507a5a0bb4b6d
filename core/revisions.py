"""
Revisions of what people edit in the admin, with django-reversion.

Every admin save of a model whose admin uses ``HistoryAdmin`` keeps a
version (who, when, the admin's change message), so "who added this link,
and when" has an answer. The history page lists the versions, compares any
two field by field, and restores one (reversion's own revert form).

Registering one more model is one line: ``class CredentialAdmin(HistoryAdmin)``
(or list it as an inline of an admin that already is one: reversion follows
inlines).

Restoring is not a way around the admin's permissions. reversion's own views
take any version id and revert its whole revision (every object in it, fields
nobody may type included) before the change form is asked. Here:

- a version opens only under the URL of its own model and object, and only
  for a user who may change that object;
- deleted objects (the recover list and view) are for users who see every
  row of the model in the admin (editors, superusers), not for authors, whose
  list is filtered to their own rows: a deleted row has no owner to check;
- a revert writes only the fields the user's own change form lets them edit
  (and the same for each inline's form); everything else keeps the value it
  holds now, or, for an object that no longer exists, the value a new object
  gets. The fields come from the ModelAdmin for this request
  (``get_form``/``get_formset``, so read-only and excluded fields are left
  out), not from a list here, so a new model or field is covered.

The comparison is ``core.version_diff``; writing back only the typed fields
is ``core.version_restore``. This module is the admin that uses them.
"""

from contextlib import nullcontext

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # in Django 6.1, not in its stubs
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import set_comment
from reversion.utils import mute_signals

from .version_diff import compare_versions
from .version_restore import restore_typed_fields, version_object


class _RolledBack(Exception):
    """Carries the rendered preview out of the transaction it rolls back."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


class HistoryAdmin(VersionAdmin):
    """VersionAdmin with object-level checks and a diff between two versions."""

    object_history_template = "admin/revisions/object_history.html"
    change_list_template = "admin/revisions/change_list.html"

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

    def _versions(self):
        """The versions of this admin's model, of no other."""
        return Version.objects.get_for_model(self.model)

    # --- Deleted objects -----------------------------------------------------

    def has_recover_permission(self, request: HttpRequest) -> bool:
        """
        Whether this user may list and restore deleted objects: who may add and
        change them and sees every row of the model here. A deleted object is
        not in any queryset, so a user whose rows are filtered (an author,
        who sees her own) cannot be checked against it, and gets nothing.
        """
        return (
            self.has_add_permission(request)
            and self.has_change_permission(request)
            and not self.get_queryset(request).query.has_filters()
        )

    def changelist_view(self, request, extra_context=None):
        context = {"has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = get_object_or_404(self._versions(), pk=version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            # Not deleted: its versions are restored from its own history page.
            raise Http404("This object was not deleted.")
        try:
            deleted = version_object(version)
        except RevertError as error:
            raise Http404(str(error)) from None
        if not self.has_change_permission(request, deleted):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # --- Reverting -------------------------------------------------------------

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # The version must be one of this object's, found in this user's queryset.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        get_object_or_404(self._versions(), pk=version_id, object_id=str(obj.pk))
        if not self.has_revert_permission(request, obj):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def has_revert_permission(self, request: HttpRequest, obj: models.Model) -> bool:
        """
        Whether this user may restore a version of ``obj``: who may change it,
        unless the admin keeps their changes aside (a ModelAdmin may narrow it).
        """
        return self.has_change_permission(request, obj)

    def revert_for(self, request: HttpRequest, version: Version) -> None:
        """
        Put in the database what this user may restore of ``version``: its
        object (not the other objects its revision holds, such as the other
        posts of one publish action) and that object's inline rows.
        """
        old = version_object(version)
        current = self.model._default_manager.filter(pk=old.pk).first()
        form_class = self.get_form(request, current or old, change=current is not None)
        obj = restore_typed_fields(form_class, old, current)
        for inline in self.get_inline_instances(request, obj):
            self._revert_inline(request, version, inline, obj)

    def _revert_inline(self, request: HttpRequest, version: Version, inline, obj) -> None:
        formset = inline.get_formset(request, obj)
        fk, model = formset.fk, inline.model
        then = [
            version_object(child) for child in version.revision.version_set.get_for_model(model)
        ]
        then = [child for child in then if getattr(child, fk.attname) == obj.pk]
        now = {child.pk: child for child in model._default_manager.filter(**{fk.name: obj})}
        for child in then:
            current = now.pop(child.pk, None)
            if current is None:
                if model._default_manager.filter(pk=child.pk).exists():
                    continue  # moved to another parent since: not this object's to restore
                if not inline.has_add_permission(request, obj):
                    continue
            restore_typed_fields(formset.form, child, current, **{fk.attname: obj.pk})
        if inline.has_delete_permission(request, obj):
            # Rows added since that version, as reversion's revert(delete=True) does.
            for child in now.values():
                child.delete()

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """
        reversion's own (reversion/admin.py), with ``revert_for`` in place of
        ``version.revision.revert(delete=True)``. A GET reverts inside a
        transaction that is rolled back once the form is rendered, with model
        signals muted; a POST keeps the revert only when the form saved.
        """
        if not connections[version.db].features.uses_savepoints:
            raise ImproperlyConfigured("Reverting needs a database with savepoints.")
        muted = request.method == "GET"
        signals = (pre_save, post_save, pre_delete, post_delete, m2m_changed)
        try:
            with (
                transaction.atomic(using=version.db),
                mute_signals(*signals) if muted else nullcontext(),
            ):
                self.revert_for(request, version)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        when = localize(template_localtime(version.revision.date_created))
                        set_comment(f"Reverted to previous version, saved on {when}")
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()  # now, while the revert is in the database
                        raise _RolledBack(response)
                    else:
                        raise RevertError(f"Could not load {version.object_repr}: not found")
        except (RevertError, models.ProtectedError, IntegrityError) as error:
            opts = self.model._meta
            messages.error(request, f"This version could not be restored: {error}")
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except _RolledBack as rolled_back:
            return rolled_back.response
        return response

    # --- History and comparison ------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = response.context_data if isinstance(response, TemplateResponse) else None
        if context and "action_list" in context:
            actions = context["action_list"]
            opts = self.model._meta
            compare_url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
                args=[quote(unquote(object_id))],
                current_app=self.admin_site.name,
            )
            # This object's own version of each revision: one revision may hold
            # versions of several objects of this model (a bulk publish action).
            versions = {
                version.revision_id: version
                for version in self._versions().filter(object_id=unquote(object_id))
            }
            obj = self.get_object(request, unquote(object_id))
            may_revert = obj is not None and self.has_revert_permission(request, obj)
            for action in actions:
                if not may_revert:
                    action["url"] = None  # the revision view would refuse them
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
