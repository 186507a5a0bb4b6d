"""
The admin's answer when an uploaded image cannot be stored (see
``core.images.ImageNotStoredError``): the change form again, with what was
typed and a clear error next to the image field, instead of a 500.
"""

from django.http import HttpRequest, HttpResponse

from .images import ImageNotStoredError


class ImageNotStoredAdminMixin:
    """ModelAdmin mixin for models with a CleanImageField."""

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageNotStoredError as error:
            # The admin's transaction rolled back, so nothing of this save is
            # stored. Validate the same POST again; get_form adds the error.
            request._image_not_stored = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        error = getattr(request, "_image_not_stored", None)
        if error is None:
            return form

        class ImageNotStoredForm(form):
            def clean(self):
                cleaned_data = super().clean()
                field = error.field_name if error.field_name in self.fields else None
                self.add_error(field, error.message)
                return cleaned_data

        return ImageNotStoredForm
