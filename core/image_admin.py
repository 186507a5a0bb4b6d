"""
The admin's answer when an uploaded image cannot be stored (see
``core.images.ImageNotStoredError``): the change form again, with what was
typed and a clear error next to the image field, instead of a 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from .images import ImageNotStoredError

# The request attribute that carries the error from changeform_view to get_form.
_ERROR_ATTRIBUTE = "_image_not_stored"

if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class ImageNotStoredAdminMixin(_AdminBase):
    """ModelAdmin mixin for models with a CleanImageField."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageNotStoredError as error:
            # The admin's transaction rolled back, so nothing of this save is
            # stored. Validate the same POST again; get_form adds the error.
            setattr(request, _ERROR_ATTRIBUTE, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self,
        request: HttpRequest,
        obj: models.Model | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[ModelForm[Any]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        error: ImageNotStoredError | None = getattr(request, _ERROR_ATTRIBUTE, None)
        if error is None:
            return form
        field_name, message = error.field_name, error.message

        # mypy cannot take a class held in a variable as a base class; the
        # form class is the one ModelAdmin.get_form built for this request.
        class ImageNotStoredForm(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned_data = super().clean()
                self.add_error(field_name if field_name in self.fields else None, message)
                return cleaned_data

        return ImageNotStoredForm


class MediaChooserAdminMixin(_AdminBase):
    """
    ModelAdmin mixin for models with a Markdown field: the editor's "Insert
    image" button and the media library chooser (static/js/media-chooser.js).
    """

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(
            js=["js/media-chooser.js"], css={"all": ["css/admin-media.css"]}
        )
