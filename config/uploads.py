"""
Upload size, enforced before the bytes are held.

Two limits, both derived from ``IMAGE_UPLOAD_MAX_BYTES`` (the largest image
the site accepts):

- ``RequestBodyLimitMiddleware``: a request whose Content-Length is larger
  than the largest image plus ``REQUEST_BODY_FORM_MARGIN`` (room for the
  form's other fields) is answered 413 at once, without reading its body.
- ``SizeLimitedUploadHandler``: inside an acceptable request, a file part
  larger than the largest image stops being stored as soon as it passes the
  limit; the rest of it is read and dropped, the fields after it are parsed
  as usual, and the form receives an ``OversizeUpload`` that the image gate
  (``core.images``) refuses with "This file is … at most …", next to what
  the person typed.
"""

import io
from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string


def request_body_max_bytes() -> int:
    return settings.IMAGE_UPLOAD_MAX_BYTES + settings.REQUEST_BODY_FORM_MARGIN


class RequestBodyLimitMiddleware:
    """413 for a body declared larger than any acceptable upload, before it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            declared = 0
        limit = request_body_max_bytes()
        if declared > limit:
            html = render_to_string(
                "413.html",
                {
                    "size": filesizeformat(declared),
                    "max_image": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
                },
            )
            # The body stays unread: the WSGI server discards it (or closes the
            # connection); the application may not set Connection itself.
            return HttpResponse(html, status=413)
        return self.get_response(request)


class OversizeUpload(UploadedFile):
    """What is left of a file part that passed the limit: its name and size, no bytes."""

    def __init__(self, name: str, content_type: str, size: int) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size)
        self.oversize = True


class SizeLimitedUploadHandler(FileUploadHandler):
    """
    First of FILE_UPLOAD_HANDLERS: passes each chunk on to Django's handlers
    until the file passes IMAGE_UPLOAD_MAX_BYTES, then passes nothing more,
    so at most that much of it is ever held.
    """

    def new_file(self, field_name, file_name, content_type, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, content_type, *args, **kwargs)
        self.received = 0
        self.oversize = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.IMAGE_UPLOAD_MAX_BYTES:
            self.oversize = True
        return None if self.oversize else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.oversize:
            # Returned first, so the partial copy the next handler holds is dropped.
            return OversizeUpload(self.file_name, self.content_type, self.received)
        return None
