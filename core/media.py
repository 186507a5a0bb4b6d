"""
The media library at work: body images as figures, alt text checks, and
where each item is used.

Body images are Markdown: ``![alt text](/media/library/…/ab12.jpg "Caption")``.
An image alone in its paragraph whose file is a library item is served as
published featured images are: a ``<figure>`` with a ``<picture>`` of its
renditions (srcset, width and height), its caption (the Markdown title, or
the item's caption) and credit. ``figures()`` does this on HTML the
sanitiser already produced, from what the library stores, so nothing a
person typed adds markup. The alt text is the Markdown's, or else the
item's; an item marked decorative in the library gets ``alt=""``.

Usage: a model declares ``media_in_use()``, a list of ``MediaUse`` (which
part of it shows which stored file). One receiver, connected once for every
such model, records them as ``MediaUsage`` rows after each save (a file
with no library item yet, such as a featured image uploaded on the post's
own form, becomes one, with the alt text it was shown with: only for the
object's own image fields, never for an address typed into a body), and
forgets them when the object is deleted.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.template.loader import render_to_string

from .media_items import MediaItem, MediaUsage
from .receivers import connect, models_declaring
from .renditions import picture, track

logger = logging.getLogger(__name__)

# nh3 writes every attribute as name="value" with quotes inside escaped, so
# these read its output exactly (as core.markdown reads its anchors).
_IMG_RE = re.compile(r'<img((?: [a-z-]+="[^"]*")*) ?/?>')
_ATTRIBUTE_RE = re.compile(r'([a-z-]+)="([^"]*)"')
_LONE_IMG_RE = re.compile(r'<p>\s*(<img(?: [a-z-]+="[^"]*")* ?/?>)\s*</p>')

# The width a body image takes in the article column (as the featured image).
BODY_IMAGE_SIZES = "(min-width: 44rem) 42rem, 100vw"


@dataclass(frozen=True)
class BodyImage:
    src: str
    alt: str
    title: str

    @property
    def file_name(self) -> str | None:
        return file_name_of(self.src)


@dataclass(frozen=True)
class MediaUse:
    """
    One part of an object (``place``) shows the stored file ``name``. With
    ``adopt`` (the object's own image field: its file is the object's), a
    file without a library item gets one. Never for an address typed into a
    text: anyone could name any stored file there, and an item owns its file.
    """

    place: str
    name: str
    alt_text: str = ""
    uploaded_by_id: int | None = None
    adopt: bool = False


def file_name_of(url: str) -> str | None:
    """The storage name of a URL under MEDIA_URL (``/media/library/a.jpg`` -> ``library/a.jpg``)."""
    if not url.startswith(settings.MEDIA_URL):
        return None  # another host's, or not a stored file
    path = urlsplit(url.removeprefix(settings.MEDIA_URL)).path
    name = unquote(path)
    return None if not name or ".." in name or name.startswith("/") else name


def body_images(sanitised_html: str) -> list[BodyImage]:
    """Every <img> in HTML from core.markdown, with its source, alt text and title."""
    images = []
    for match in _IMG_RE.finditer(sanitised_html):
        attributes = {k: html.unescape(v) for k, v in _ATTRIBUTE_RE.findall(match.group(1))}
        images.append(
            BodyImage(
                attributes.get("src", ""), attributes.get("alt", ""), attributes.get("title", "")
            )
        )
    return images


def _items_by_name(images: list[BodyImage]) -> dict[str, MediaItem]:
    names = {image.file_name for image in images} - {None}
    if not names:
        return {}
    return {str(item.file.name): item for item in MediaItem.objects.filter(file__in=names)}


def figures(sanitised_html: str) -> str:
    """Library images alone in their paragraph, as responsive figures. One query, if any."""
    lone = [body_images(match.group(1))[0] for match in _LONE_IMG_RE.finditer(sanitised_html)]
    items = _items_by_name(lone)
    if not items:
        return sanitised_html

    def figure(match: re.Match) -> str:
        image = body_images(match.group(1))[0]
        item = items.get(image.file_name or "")
        rendered = item and picture(item.file, item.width, item.height)
        if not item or not rendered:
            return match.group(0)
        return render_to_string(
            "core/_figure.html",
            {
                "picture": rendered,
                "alt": "" if item.is_decorative else (image.alt or item.alt_text),
                "caption": image.title or item.caption,
                "credit": item.credit,
                "sizes": BODY_IMAGE_SIZES,
            },
        ).strip()

    return _LONE_IMG_RE.sub(figure, sanitised_html)


def images_without_alt_text(sanitised_html: str) -> list[str]:
    """
    The sources of images a reader who cannot see them would miss: no alt
    text in the Markdown, and no library item that describes them or is
    marked decorative.
    """
    images = body_images(sanitised_html)
    missing = [image for image in images if not image.alt.strip()]
    items = _items_by_name(missing)
    return [
        image.src
        for image in missing
        if not ((item := items.get(image.file_name or "")) and item.has_alt_text)
    ]


def uses_in_html(place: str, sanitised_html: str, uploaded_by_id: int | None) -> list[MediaUse]:
    """The stored files the images of some HTML show, for ``media_in_use()``."""
    return [
        MediaUse(place, name, image.alt.strip(), uploaded_by_id)
        for image in body_images(sanitised_html)
        if (name := image.file_name)
    ]


def uses_of_field(place: str, file, alt_text: str, uploaded_by_id: int | None) -> list[MediaUse]:
    """An object's own image field, for ``media_in_use()``: its file becomes an item."""
    if not file:
        return []
    return [MediaUse(place, str(file.name), alt_text, uploaded_by_id, adopt=True)]


# --- Usage --------------------------------------------------------------------


def _adopt(use: MediaUse) -> MediaItem | None:
    """A library item for an object's own stored file (which passed the gate), if it exists."""
    if not default_storage.exists(use.name):
        return None
    # Alt text kept within the field's length; an item without any waits in
    # the library, listed as needing it.
    return MediaItem.objects.create(
        file=use.name, alt_text=use.alt_text[:200], uploaded_by_id=use.uploaded_by_id
    )


@transaction.atomic
def record_usage(obj: models.Model) -> None:
    """
    Replace the usage rows of ``obj`` with what its ``media_in_use()``
    declares now: one query for the items, one for the rows, whatever the
    number of images.
    """
    uses: list[MediaUse] = obj.media_in_use()  # type: ignore[attr-defined]
    items = {str(i.file.name): i for i in MediaItem.objects.filter(file__in={u.name for u in uses})}
    wanted: dict[tuple[int, str], MediaItem] = {}
    for use in uses:
        item = items.get(use.name)
        if item is None and use.adopt and (item := _adopt(use)) is not None:
            items[use.name] = item
        if item is not None:
            wanted[(item.pk, use.place)] = item
    content_type = ContentType.objects.get_for_model(obj)
    rows = MediaUsage.objects.filter(content_type=content_type, object_id=obj.pk)
    label = str(obj)[:300]
    kept = {
        (row.item_id, row.place)
        for row in rows
        if (row.item_id, row.place) in wanted and row.label == label
    }
    stale = [row.pk for row in rows if (row.item_id, row.place) not in kept]
    if stale:
        MediaUsage.objects.filter(pk__in=stale).delete()
    MediaUsage.objects.bulk_create(
        [
            MediaUsage(
                item=item, content_type=content_type, object_id=obj.pk, place=place, label=label
            )
            for (pk, place), item in wanted.items()
            if (pk, place) not in kept
        ]
    )


def forget_usage(obj: models.Model) -> None:
    MediaUsage.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).delete()


def places(item: MediaItem) -> list[str]:
    """Where an item is used, in words (the admin and the refusal to delete say these)."""
    return [str(usage) for usage in item.usages.select_related("content_type")]


# What of an item a figure shows: a change re-renders the bodies that show it.
FIGURE_FIELDS = ("alt_text", "caption", "credit", "is_decorative")


def _item_saved(sender, instance: MediaItem, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or created:
        return
    before = instance.__dict__.pop("_figure_before", None)
    if before == tuple(getattr(instance, name) for name in FIGURE_FIELDS):
        return
    # Bodies and bios keep their HTML rendered on save: save each object
    # that shows the item again (once, whichever parts of it show it).
    users = {
        (usage.content_type, usage.object_id)
        for usage in instance.usages.select_related("content_type")
    }
    for content_type, object_id in users:
        model = content_type.model_class()
        shown = model._default_manager.filter(pk=object_id).first() if model else None
        if shown is not None:
            shown.save()


def _item_loaded(sender, instance: MediaItem, **kwargs) -> None:
    if instance.pk:
        instance.__dict__["_figure_before"] = tuple(
            instance.__dict__.get(name) for name in FIGURE_FIELDS
        )


def _item_deleted(sender, instance: MediaItem, **kwargs) -> None:
    # No place uses it (PROTECT saw to that): its file goes with it, after
    # commit, so a rolled-back delete keeps the file.
    name = str(instance.file.name)
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _saved(sender, instance: models.Model, raw: bool = False, **kwargs) -> None:
    if not raw:
        record_usage(instance)


def _deleted(sender, instance: models.Model, **kwargs) -> None:
    forget_usage(instance)


def connect_receivers() -> None:
    """Called from CoreConfig.ready(): usage for every model declaring ``media_in_use()``."""
    track(MediaItem, "file")
    connect(
        "media_item",
        MediaItem,
        {post_init: _item_loaded, post_save: _item_saved, post_delete: _item_deleted},
    )
    for model in models_declaring("media_in_use"):
        connect("media_usage", model, {post_save: _saved, post_delete: _deleted})
