"""
Optimistic concurrency for admin change forms: two editors who opened the
same post do not silently overwrite each other.

The change form carries, in a hidden field, the ``updated_at`` of the row as
it was when the editor opened it. On save the row is re-read under a row lock
(``select_for_update`` inside the admin's transaction, so two saves at the
same moment are checked one after the other); if it changed in between, the
form is shown again with a clear error and everything the editor typed, and
nothing is written. The hidden field then carries the current version, so a
second, deliberate save replaces the other editor's version.

Plug it into a ModelAdmin of a model with an ``updated_at`` (auto_now) field:
``class PostAdmin(ChangedSinceOpenedAdminMixin, MarkdownxModelAdmin)``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

OPENED_VERSION_FIELD = "opened_version"


def version_of(value) -> str:
    """A row's version token: its updated_at, exact to the microsecond."""
    return value.isoformat() if value is not None else ""


class VersionTokenField(forms.CharField):
    """The version a form was opened at: bookkeeping, never a change a person made."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class ChangedSinceOpenedForm(forms.ModelForm):
    """A ModelForm mixin that refuses to save over changes made since it was opened."""

    opened_version = VersionTokenField(required=False)

    conflict_message = (
        "This %(thing)s was changed by someone else since you opened it (at %(when)s). "
        "Nothing was saved, and what you typed is kept below. Open the %(thing)s in a new "
        "tab to see their changes and copy what you need; or save again to replace their "
        "version with yours."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields[OPENED_VERSION_FIELD].initial = version_of(self.instance.updated_at)

    def clean(self) -> dict:
        cleaned_data = super().clean()
        field_name = self.add_prefix(OPENED_VERSION_FIELD)
        # A form that never carried the field (an old tab, a script) is not checked.
        if not self.instance.pk or field_name not in self.data:
            return cleaned_data
        current = (
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current is not None and version_of(current) != self.data[field_name]:
            # Show the form again carrying the version now stored: saving
            # again is then a deliberate choice to replace it.
            self.data = self.data.copy()
            self.data[field_name] = version_of(current)
            raise ValidationError(
                self.conflict_message,
                code="changed_since_opened",
                params={
                    "thing": self.instance._meta.verbose_name,
                    "when": f"{timezone.localtime(current):%H:%M:%S}",
                },
            )
        return cleaned_data


class ChangedSinceOpenedAdminMixin:
    """ModelAdmin mixin: the change form checks ChangedSinceOpenedForm's version."""

    def get_form(self, request: HttpRequest, obj: models.Model | None = None, **kwargs):
        if obj is not None and self.has_change_permission(request, obj):
            base = kwargs.get("form", self.form)
            name = f"ChangedSinceOpened{base.__name__}"
            kwargs["form"] = type(name, (ChangedSinceOpenedForm, base), {})
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        # The hidden field must be in a fieldset to be rendered in the form.
        (name, options), *rest = fieldsets
        fields = [*options["fields"], OPENED_VERSION_FIELD]
        return [(name, {**options, "fields": fields}), *rest]
