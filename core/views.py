"""
Views every app shares: the Markdown editor's staff-only preview, image
upload into the media library (django-markdownx and the chooser call them)
and the chooser's search of the library, and robots.txt.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_GET, require_POST

from .images import ImageNotStoredError
from .markdown import render_markdown
from .media_items import MediaItem
from .renditions import picture


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


class MediaUploadForm(forms.ModelForm):
    """An image for the library, from the editor's chooser or a drop onto the editor."""

    class Meta:
        model = MediaItem
        fields = ["file", "alt_text", "is_decorative", "caption", "credit"]


@require_POST
@_staff_only
def markdown_image_upload(request: HttpRequest) -> JsonResponse:
    """
    An image uploaded from the editor (the chooser, or dropped onto it, which
    asks for the alt text first): it becomes a library item, and the editor
    inserts the Markdown that shows it with its alt text and caption.
    """
    if not request.user.has_perm("core.add_mediaitem"):
        return JsonResponse({"image": ["You may not add images to the library."]}, status=403)
    files: MultiValueDict[str, UploadedFile] = MultiValueDict()
    if upload := request.FILES.get("image") or request.FILES.get("file"):
        files["file"] = upload
    form = MediaUploadForm(request.POST, files)
    if not form.is_valid():
        errors = form.errors.get_json_data()
        return JsonResponse(
            {
                ("image" if field == "file" else field): [error["message"] for error in found]
                for field, found in errors.items()
            },
            status=400,
        )
    item = form.save(commit=False)
    item.uploaded_by_id = request.user.pk
    try:
        item.save()
    except ImageNotStoredError as error:
        return JsonResponse({"image": [error.message]}, status=503)
    return JsonResponse({"image_code": item.markdown(), "item": _chooser_entry(item)})


def _chooser_entry(item: MediaItem) -> dict:
    found = picture(item.file, item.width, item.height)
    # The smallest rendition is the thumbnail: the chooser shows many at once.
    thumbnail = found.srcset.split(",")[0].split()[0] if found else item.url
    return {
        "id": item.pk,
        "thumbnail": thumbnail,
        "alt_text": item.alt_text,
        "decorative": item.is_decorative,
        "caption": item.caption,
        "credit": item.credit,
        "markdown": item.markdown(),
    }


CHOOSER_PAGE_SIZE = 24


@require_GET
@_staff_only
def media_chooser(request: HttpRequest) -> JsonResponse:
    """The library as the editor's chooser searches it: what this person may use."""
    if not request.user.has_perm("core.view_mediaitem"):
        return JsonResponse({"error": "You may not use the media library."}, status=403)
    query = request.GET.get("q", "")[:200]
    items = MediaItem.objects.visible_to(request.user).search(query)[:CHOOSER_PAGE_SIZE]
    return JsonResponse({"items": [_chooser_entry(item) for item in items]})


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
