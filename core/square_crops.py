"""
Square crops of stored images, for places that always show an image at one
CSS size (author photos): crops at 1x, 2x (3x) display density, in WebP and
in the original's format, made once when the image is saved and named from
the original (``authors/ab12.jpg`` -> ``authors/ab12.96sq.webp``), so pages
build ``srcset`` from the name and the stored dimensions alone. Tracked like
the widths of ``core.renditions``: ``track(Author, "photo", WIDTHS_KIND, squares)``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps

from .renditions import (
    JPEG_QUALITY,
    OWN_FORMATS,
    WEBP_QUALITY,
    extension,
    replace_file,
    stored_height,
    stored_width,
)


def square_name(name: str, size: int, ext: str) -> str:
    """``authors/ab12.jpg``, 96, ``webp`` -> ``authors/ab12.96sq.webp``."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{size}sq.{ext}"))


def _square_fallbackextension(name: str) -> str:
    """The format beside WebP: the original's, when that is JPEG or PNG."""
    # The fallback is for browsers without WebP, so a WebP original gets JPEG;
    # so does a GIF (a still of its first frame, as the crops always were).
    return {"jpg": "jpg", "jpeg": "jpg", "png": "png"}.get(extension(name), "jpg")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for the crops; transparency laid on white (JPEG has none), not on black."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


@dataclass(frozen=True)
class Avatar:
    """What a fixed-size square <picture> needs, computed from names and stored dimensions."""

    size: int  # CSS pixels: the <img>'s width and height
    src: str
    srcset: str
    webp_srcset: str


class Squares:
    """
    Square crops of an image for places that always show it at one CSS size,
    as ``{"place": (css_size, highest_density)}``: each place gets its size at
    1x and at each higher density the original can fill without upscaling.
    Places share files: a 96 px crop is the byline's 2x and the card's 1x.
    """

    def __init__(self, places: dict[str, tuple[int, int]]) -> None:
        self.places = places
        # Every size any original may have, for deleting without knowing its size.
        self.all_sizes = {size * d for size, top in places.values() for d in range(1, top + 1)}

    def densities(self, place: str, short_side: int) -> list[int]:
        size, top = self.places[place]
        # 1x always: the page shows that size whatever the photo is.
        return [1, *(d for d in range(2, top + 1) if size * d <= short_side)]

    def sizes(self, short_side: int) -> list[int]:
        """The pixel sizes an original whose shorter side is ``short_side`` gets."""
        return sorted(
            {
                size * d
                for place, (size, _) in self.places.items()
                for d in self.densities(place, short_side)
            }
        )

    def names(self, name: str, short_side: int) -> list[str]:
        exts = ("webp", _square_fallbackextension(name))
        return [square_name(name, size, ext) for size in self.sizes(short_side) for ext in exts]

    def make(self, file: FieldFile) -> list[str]:
        """Write the crops of a stored image (replacing any); return their names."""
        storage: Storage = file.storage
        with storage.open(str(file.name), "rb") as handle:
            image: Image.Image = Image.open(handle)
            image.load()  # the first frame of an animation
        ImageOps.exif_transpose(image, in_place=True)
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")  # a palette cannot be resampled smoothly
        fallback = _square_fallbackextension(str(file.name))
        own = {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
        outputs = [
            ("webp", "WEBP", {"quality": WEBP_QUALITY, "method": 4}),
            (fallback, OWN_FORMATS[fallback], own if fallback == "jpg" else {"optimize": True}),
        ]
        written = []
        for size in self.sizes(min(image.size)):
            # Reduced by whole pixels to about three times the crop first (fast),
            # then Lanczos: what resize(reducing_gap=3.0) does, which fit() lacks.
            factor = min(image.size) // (size * 3)
            source = image.reduce(factor) if factor > 1 else image
            # Cropped first, flattened after: flattening the whole original
            # would cost two more full copies of its pixels.
            crop = _flatten(ImageOps.fit(source, (size, size), method=Image.Resampling.LANCZOS))
            # Drawn into a fresh image: pixels only, no metadata whatever the source held.
            clean = Image.new("RGB", crop.size)
            clean.paste(crop)
            for ext, fmt, options in outputs:
                buffer = io.BytesIO()
                clean.save(buffer, format=fmt, **options)
                written.append(
                    replace_file(storage, square_name(str(file.name), size, ext), buffer)
                )
        return written

    def delete(self, storage: Storage, name: str) -> None:
        """Remove every crop an original called ``name`` may have had."""
        if not name:
            return
        for size in self.all_sizes:
            for ext in ("webp", _square_fallbackextension(name)):
                candidate = square_name(name, size, ext)
                if storage.exists(candidate):
                    storage.delete(candidate)

    def complete(self, file: FieldFile) -> bool:
        """Whether every crop of the stored image exists (a stat per file)."""
        width, height = stored_width(file), stored_height(file)
        if not width or not height:
            return False
        return all(
            file.storage.exists(name) for name in self.names(str(file.name), min(width, height))
        )

    def avatar(
        self, file: FieldFile, place: str, width: int | None, height: int | None
    ) -> Avatar | None:
        """
        The <picture> data of ``place``, or None without an image or its size.

        Density descriptors (1x, 2x), not widths with ``sizes``: the place has
        one CSS size on every screen, so the only choice left to the browser
        is the screen's density, and ``w`` + ``sizes`` would restate the size.
        """
        if not file or not width or not height:
            return None
        url = file.url
        storage = file.storage

        def url_of(size: int, ext: str) -> str:
            if "?" in url:  # signed URLs (S3...): ask the storage for each
                return storage.url(square_name(str(file.name), size, ext))
            # A crop sits next to its original: same URL, another suffix.
            return f"{url.rsplit('.', 1)[0]}.{size}sq.{ext}"

        size = self.places[place][0]
        fallback = _square_fallbackextension(str(file.name))
        densities = self.densities(place, min(width, height))
        return Avatar(
            size=size,
            src=url_of(size, fallback),
            srcset=", ".join(f"{url_of(size * d, fallback)} {d}x" for d in densities),
            webp_srcset=", ".join(f"{url_of(size * d, 'webp')} {d}x" for d in densities),
        )
