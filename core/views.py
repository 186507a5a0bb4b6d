"""
Views every app shares: the Markdown editor's staff-only preview and image
upload (django-markdownx calls them), and robots.txt.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .images import ImageNotStoredError, reencode_image, remove_partial_file
from .markdown import render_markdown


def _staff_only(view):
    """Endpoints the editor calls by XHR: 403, not a login redirect, for anyone else."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (
            user.is_active and user.is_staff and user.has_perm(settings.MARKDOWN_EDITOR_PERMISSION)
        ):
            return JsonResponse(
                {"error": "Only logged-in editors and authors may use this."}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapped


@require_POST
@_staff_only
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The admin's live preview: the same function that renders published posts."""
    return HttpResponse(render_markdown(request.POST.get("content", "")))


@require_POST
@_staff_only
def markdown_image_upload(request: HttpRequest) -> JsonResponse:
    """An image dropped into the Markdown editor, accepted only if it is a real image."""
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["No image was sent."]}, status=400)
    try:
        clean = reencode_image(upload)
    except ValidationError as error:
        return JsonResponse({"image": error.messages}, status=400)
    name = f"markdown/{timezone.now():%Y/%m}/{clean.name}"
    try:
        name = default_storage.save(name, clean)
    except OSError:
        remove_partial_file(default_storage, name)
        return JsonResponse({"image": [ImageNotStoredError.message]}, status=503)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in settings.ROBOTS_DISALLOW),
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
