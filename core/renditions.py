"""
Responsive renditions of stored images, made once when the image is saved.

For an image stored as ``posts/2026/11/ab12.jpg`` (1600 × 900) this writes,
next to it, ``ab12.480w.jpg``, ``ab12.960w.jpg`` and ``ab12.480w.webp``,
``ab12.960w.webp``, ``ab12.1600w.webp``: every width in ``WIDTHS`` that is not
wider than the original (never upscaled), in WebP and in the original's own
format (the original itself stands for its own width). Names are derived
from the original's, so pages build ``srcset`` from the name and the stored
dimensions alone, without touching the disk on a request.

``track(Model, "field")`` keeps them in step with a model's image field:
made when a new image is saved, the old image's renditions deleted when it
is replaced or removed. ``manage.py make_renditions`` backfills them.

``core.square_crops.Squares`` is the other kind of rendition, for images
shown at one fixed size (author photos), tracked the same way:
``track(Author, "photo", WIDTHS_KIND, squares)``. Any object with ``make``,
``delete`` and ``complete`` (a ``RenditionKind``) can be tracked.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from PIL import Image, ImageOps

from .receivers import connect

WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
# Formats we resize in their own format too; GIFs (often animated) are served as they are.
OWN_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def target_widths(original_width: int) -> list[int]:
    """The widths to offer: each of WIDTHS not wider than the original, or the original."""
    widths = sorted({min(width, original_width) for width in WIDTHS})
    return [width for width in widths if width > 0]


def rendition_name(name: str, width: int, ext: str) -> str:
    """``posts/ab12.jpg``, 480, ``webp`` -> ``posts/ab12.480w.webp``."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{width}w.{ext}"))


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def rendition_names(name: str, original_width: int) -> list[str]:
    """Every rendition file the original ``name`` of that width has (or will have)."""
    ext = extension(name)
    if ext not in OWN_FORMATS:
        return []
    names = []
    for width in target_widths(original_width):
        names.append(rendition_name(name, width, "webp"))
        if width < original_width and ext != "webp":
            names.append(rendition_name(name, width, ext))
    return names


def make_renditions(file: FieldFile) -> list[str]:
    """Write the renditions of a stored image (replacing any); return their names."""
    ext = extension(str(file.name))
    if ext not in OWN_FORMATS:
        return []
    storage: Storage = file.storage
    with storage.open(str(file.name), "rb") as handle:
        image = Image.open(handle)
        image.load()
    # In place: without an orientation tag (what the gate stores) this is a
    # no-op, where the copying form would double the memory of a large image.
    ImageOps.exif_transpose(image, in_place=True)
    original_width, original_height = image.size
    written = []
    for width in target_widths(original_width):
        height = max(1, round(original_height * width / original_width))
        resized = (
            image
            if width == original_width
            # A box reduction to about three times the width first, then Lanczos:
            # Pillow's own advice, indistinguishable here and several times faster
            # on a camera-sized original.
            else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        outputs = [("webp", "WEBP", {"quality": WEBP_QUALITY, "method": 4})]
        if width < original_width and ext != "webp":
            options = {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
            outputs.append((ext, OWN_FORMATS[ext], options if ext in ("jpg", "jpeg") else {}))
        for out_ext, fmt, options in outputs:
            frame = resized
            if fmt == "JPEG" and frame.mode not in ("RGB", "L"):
                frame = frame.convert("RGB")
            buffer = io.BytesIO()
            frame.save(buffer, format=fmt, **options)
            written.append(
                replace_file(storage, rendition_name(str(file.name), width, out_ext), buffer)
            )
    return written


def replace_file(storage: Storage, name: str, buffer: io.BytesIO) -> str:
    """Store ``buffer`` under exactly ``name`` (pages derive it), replacing what is there."""
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(buffer.getvalue()))


def delete_renditions(storage: Storage, name: str) -> None:
    """Remove every rendition an original called ``name`` may have had."""
    if not name:
        return
    for width in {*WIDTHS, *_widths_on_disk(storage, name)}:
        for ext in ("webp", extension(name)):
            candidate = rendition_name(name, width, ext)
            if storage.exists(candidate):
                storage.delete(candidate)


def _widths_on_disk(storage: Storage, name: str) -> set[int]:
    """Widths below 480 exist for small originals: find them by listing the folder."""
    path = PurePosixPath(name)
    try:
        _, files = storage.listdir(str(path.parent))
    except (FileNotFoundError, NotImplementedError):
        return set()
    widths = set()
    for other in files:
        prefix = f"{path.stem}."
        if other.startswith(prefix) and other.count(".") == 2:
            middle = other[len(prefix) :].split(".")[0]
            if middle.endswith("w") and middle[:-1].isdigit():
                widths.add(int(middle[:-1]))
    return widths


@dataclass(frozen=True)
class Picture:
    """What a <picture> element needs, computed from names and stored dimensions."""

    src: str
    width: int
    height: int
    srcset: str
    webp_srcset: str


def picture(file: FieldFile, width: int | None, height: int | None) -> Picture | None:
    """The <picture> data of a stored image, or None without an image or its size."""
    if not file or not width or not height:
        return None
    ext = extension(str(file.name))
    url = file.url
    if ext not in OWN_FORMATS:
        return Picture(url, width, height, f"{url} {width}w", "")
    storage = file.storage

    def url_of(target: int, ext: str) -> str:
        if "?" in url:  # signed URLs (S3...): ask the storage for each
            return storage.url(rendition_name(str(file.name), target, ext))
        # A rendition sits next to its original: same URL, another suffix.
        return f"{url.rsplit('.', 1)[0]}.{target}w.{ext}"

    own, webp = [], []
    for target in target_widths(width):
        webp.append(f"{url_of(target, 'webp')} {target}w")
        if ext == "webp" or target == width:
            own.append(f"{url if target == width else webp[-1].split()[0]} {target}w")
        else:
            own.append(f"{url_of(target, ext)} {target}w")
    if ext == "webp":
        webp = []  # the original is WebP already: one srcset says it all
    return Picture(url, width, height, ", ".join(own), ", ".join(webp))


class RenditionKind(Protocol):
    """A kind of renditions ``track`` keeps in step with an image field."""

    def make(self, file: FieldFile) -> list[str]: ...

    def delete(self, storage: Storage, name: str) -> None: ...

    def complete(self, file: FieldFile) -> bool: ...


class _Widths:
    """The kind of renditions above: widths for images laid out fluidly (featured images)."""

    # Looked up at call time, so a test can replace the module's functions.
    def make(self, file: FieldFile) -> list[str]:
        return make_renditions(file)

    def delete(self, storage: Storage, name: str) -> None:
        delete_renditions(storage, name)

    def complete(self, file: FieldFile) -> bool:
        return renditions_complete(file)


WIDTHS_KIND = _Widths()

# (model, field name, kind) that track() keeps in step, for make_renditions.
TRACKED: list[tuple[type[models.Model], str, RenditionKind]] = []


def track(model: type[models.Model], field_name: str, *kinds: RenditionKind) -> None:
    """
    Keep renditions of ``model.field_name`` in step with the image it holds:
    widths (the default) and/or square crops, one set of signal handlers for
    all, so a save costs one query for the old name whatever the kinds.
    """
    kinds = kinds or (WIDTHS_KIND,)
    for kind in kinds:
        if (model, field_name, kind) not in TRACKED:
            TRACKED.append((model, field_name, kind))
    uid = f"renditions_{model._meta.label_lower}_{field_name}"

    def remember(sender, instance, **kwargs) -> None:
        old = ""
        if instance.pk:
            old = (
                sender._default_manager.filter(pk=instance.pk)
                .values_list(field_name, flat=True)
                .first()
            ) or ""
        instance.__dict__[f"_{uid}_old"] = old

    def saved(sender, instance, **kwargs) -> None:
        file = getattr(instance, field_name)
        old = instance.__dict__.pop(f"_{uid}_old", "")
        for kind in kinds:
            if old and old != file.name:
                kind.delete(file.storage, old)
            if file and (old != file.name or not kind.complete(file)):
                kind.make(file)

    def deleted(sender, instance, **kwargs) -> None:
        file = getattr(instance, field_name)
        if file:
            for kind in kinds:
                kind.delete(file.storage, file.name)

    connect(uid, model, {pre_save: remember, post_save: saved, post_delete: deleted})


def renditions_complete(file: FieldFile) -> bool:
    """Whether every rendition of the stored image exists (cheap: a stat per file)."""
    width = stored_width(file)
    names = rendition_names(str(file.name), width) if width else []
    return bool(names) and all(file.storage.exists(name) for name in names)


def stored_width(file: FieldFile) -> int | None:
    """The image's width as stored beside it (its field's ``width_field``), if any."""
    width_field = getattr(file.field, "width_field", None)
    if width_field:
        return getattr(file.instance, width_field, None)
    return None


def stored_height(file: FieldFile) -> int | None:
    """The image's height as stored beside it (its field's ``height_field``), if any."""
    height_field = getattr(file.field, "height_field", None)
    if height_field:
        return getattr(file.instance, height_field, None)
    return None
