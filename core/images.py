"""
The site's one gate for uploaded images.

Featured images, author photos and images dropped into the Markdown editor
all pass through here: Pillow must decode the bytes as JPEG, PNG, WebP or
GIF (whatever the file name or content type claims), the size and pixel
count are bounded before the pixels are decoded, and what gets stored is a
re-encoded copy with no metadata (EXIF, GPS, ICC comments) under a random
name whose extension matches the detected format.
"""

import io
import logging
import re
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Pillow format name -> the extension we store it under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


# Markup a browser would act on if these bytes were ever taken for a web page:
# a "polyglot" is a valid image that is also HTML, SVG or script. No honest
# photo or drawing carries these, so the file is refused rather than cleaned.
_MARKUP_RE = re.compile(
    rb"<\s*(?:script|html|body|svg|iframe|object|embed|!doctype)\b|javascript:", re.IGNORECASE
)


# Above this many pixels, JPEG/PNG re-encoding skips the optimize pass.
_OPTIMIZE_MAX_PIXELS = 16_000_000


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        "This file is %(size)s; images may be at most %(max)s.",
        code="file_too_large",
        params={
            "size": filesizeformat(size),
            "max": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
        },
    )


def _read(file) -> bytes:
    # An upload's size is known before its bytes are read (an oversize part
    # arrives empty from config.uploads.SizeLimitedUploadHandler, with the
    # size it had): refuse it without reading anything.
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise _too_large(size)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _open_checked(data: bytes) -> Image.Image:
    """Open an image and check what it claims to be, without decoding pixels yet."""
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if len(data) > max_bytes:
        raise _too_large(len(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This image has too many pixels to process safely.", code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF.",
            code="not_an_image",
        ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF.",
            code="unsupported_format",
            params={"format": image.format or "This kind of"},
        )
    if _MARKUP_RE.search(data):
        raise ValidationError(
            "This file contains web page code as well as an image, a way attacks hide. "
            "Save it again as a plain JPEG, PNG, WebP or GIF.",
            code="polyglot",
        )
    width, height = image.size
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)s × %(height)s pixels; "
            "at most %(max)s million pixels are accepted.",
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "max": settings.IMAGE_UPLOAD_MAX_PIXELS // 1_000_000,
            },
        )
    # Every frame of an animation is decoded onto the full canvas, so a tiny
    # file of many 1 × 1 frames on a huge canvas costs frames × canvas pixels
    # of memory (a 664-byte GIF took a worker to 4.3 GB). Counting frames
    # reads the block headers only, not the pixels.
    try:
        frames = getattr(image, "n_frames", 1)
    except (OSError, ValueError, SyntaxError, EOFError):
        raise damaged_image() from None
    if frames > 1 and frames * width * height > settings.IMAGE_UPLOAD_MAX_ANIMATION_PIXELS:
        raise ValidationError(
            "This animation has %(frames)s frames of %(width)s × %(height)s pixels, too many "
            "to process safely. Use fewer frames or a smaller picture, or upload a still image.",
            code="too_many_frames",
            params={"frames": frames, "width": width, "height": height},
        )
    return image


def damaged_image() -> ValidationError:
    return ValidationError(
        "This image is damaged or incomplete. Upload it again or try another file.",
        code="corrupt_image",
    )


def validate_image_file(file) -> None:
    """Raise ValidationError unless the file is an acceptable image."""
    image = _open_checked(_read(file))
    try:
        image.load()
    except Exception:
        raise damaged_image() from None


def reencode_image(file) -> ContentFile:
    """
    A clean copy of an uploaded image: re-encoded, stripped of metadata,
    turned upright from its EXIF orientation, under a random name.
    """
    image = _open_checked(_read(file))
    fmt = image.format or ""  # never empty: _open_checked accepted the format
    try:
        if fmt == "GIF":
            out = _reencode_gif(image)
        else:
            # In place: a copy of the pixels would double the memory this costs.
            ImageOps.exif_transpose(image, in_place=True)
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            # A fresh image holds only pixels: no EXIF, XMP, ICC or comments.
            clean = Image.new(image.mode, image.size)
            clean.paste(image)
            del image  # one full copy of the pixels at a time
            out = io.BytesIO()
            options = {"quality": 88} if fmt in ("JPEG", "WEBP") else {}
            # libjpeg's optimize pass keeps every coefficient of the image in
            # memory; on the largest images that would break the memory budget.
            options["optimize"] = clean.width * clean.height <= _OPTIMIZE_MAX_PIXELS
            clean.save(out, format=fmt, **options)
    except ValidationError:
        raise
    except Exception:
        raise damaged_image() from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ACCEPTED_FORMATS[fmt]}")


# What a GIF frame needs to look and move as it did; everything else a
# decoder reports (comments, application extensions such as XMP, version)
# is metadata and stays behind.
_GIF_FRAME_INFO = ("transparency", "duration", "disposal", "background")


def _reencode_gif(image: Image.Image) -> io.BytesIO:
    """
    A clean copy of a GIF, still or animated. The frames' pixels, palette,
    timing and disposal are kept; comment and application extensions are
    not. The one extension written is NETSCAPE2.0, which carries the loop
    count: without it a browser plays an animation once and stops.
    """
    frames = []
    durations = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frame = image.copy()
        frame.info = {key: frame.info[key] for key in _GIF_FRAME_INFO if key in frame.info}
        frames.append(frame)
        durations.append(frame.info.get("duration", 100))
    out = io.BytesIO()
    options: dict = {"format": "GIF", "comment": b""}
    if len(frames) > 1:
        loop = image.info.get("loop")
        options.update(
            save_all=True,
            append_images=frames[1:],
            duration=durations,
            # NETSCAPE2.0 is kept on purpose: it carries the loop count.
            loop=0 if loop is None else loop,
        )
    frames[0].save(out, **options)
    return out


class CleanImageFormField(forms.ImageField):
    """An image form field that explains exactly why a file was refused."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        validate_image_file(data)
        return super().to_python(data)


class CleanImageField(models.ImageField):
    """
    An ImageField that stores only what passed ``validate_image_file``,
    re-encoded by ``reencode_image`` at save time, whichever code path
    (admin, form, shell, demo loader) assigned the file.
    """

    default_validators = [validate_image_file]
    # Set by ImageField.__init__; django-stubs declares them only as arguments.
    width_field: str | None
    height_field: str | None

    def run_validators(self, value) -> None:
        # A committed file is one already in media storage: it passed this
        # gate (and was re-encoded) when it was stored. Re-saving an object
        # unchanged must not read it again: the form hands back the stored
        # file, whose handle may already be closed, and re-validating it
        # would only cost a full decode of an image we wrote ourselves.
        # FieldFile._committed is Django's own flag, absent from django-stubs.
        if isinstance(value, FieldFile) and value._committed:  # type: ignore[attr-defined]
            return
        super().run_validators(value)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs) -> None:
        # Runs as soon as a file is assigned, before validation: a file Pillow
        # refuses (a decompression bomb, not an image) gets no dimensions here
        # and is refused with a clear message by validate_image_file.
        try:
            super().update_dimension_fields(instance, force, *args, **kwargs)
        except (Image.DecompressionBombError, OSError, ValueError, SyntaxError):
            for name in (self.width_field, self.height_field):
                if name:
                    setattr(instance, name, None)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            clean = reencode_image(file)
            name = self.generate_filename(model_instance, clean.name or "")
            try:
                file.save(clean.name, clean, save=False)
            except OSError as error:
                remove_partial_file(file.storage, name)
                raise ImageNotStoredError(self.name) from error
        return file


class ImageNotStoredError(Exception):
    """
    An image passed the gate but could not be written to media storage (disk
    full, MEDIA_ROOT missing or not writable). Raised from the model's save,
    so the surrounding transaction rolls back: nothing half-saved remains.
    """

    message = (
        "The image could not be stored: the site's media storage is full or not writable. "
        "Nothing was saved and what you typed is kept; choose the image again later, or "
        "save without it."
    )

    def __init__(self, field_name: str = "") -> None:
        super().__init__(self.message)
        self.field_name = field_name


def remove_partial_file(storage, name: str) -> None:
    """
    Delete what a failed write left under ``name`` (a write that ran out of
    space leaves the first part of the file). The name is random, so whatever
    is there is ours.
    """
    logger.error("Could not store the image %s in media storage", name, exc_info=True)
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.exception("Could not remove the partial file %s", name)
