"""
A WordPress site's images, from the ``wp-content/uploads`` folder copied off
the old server, through this site's image gate (``core.images``).

An image is found by the part of its address after ``/wp-content/uploads/``
(on WordPress.com, after ``<site>.files.wordpress.com/``, also when served
through its image CDN, ``i0.wp.com/<site>.files.wordpress.com/...``: its
media export is the same year/month folders); a resized copy WordPress made
(``photo-300x200.jpg``) falls back to the original when only that was copied.
Nothing is fetched over the network: the machine running the import may have
none, and the old site may be gone. Each file is stored once per run, however
many posts show it.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.images import (
    ImageNotStoredError,
    reencode_image,
    remove_partial_file,
    validate_image_file,
)

UPLOADS_MARKER = "/wp-content/uploads/"
_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")
_WPCOM_FILES = re.compile(r"^[\w-]+\.files\.wordpress\.com$", re.IGNORECASE)
_WPCOM_CDN = re.compile(r"^i\d\.wp\.com$", re.IGNORECASE)


def uploads_path(url: str) -> str | None:
    """The path of an upload inside the uploads folder its address names, or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if UPLOADS_MARKER in path:
        return path.split(UPLOADS_MARKER, 1)[1]
    host = (parts.hostname or "").lower()
    if _WPCOM_CDN.match(host):  # i0.wp.com/<host>/<path>
        host, _, path = path.lstrip("/").partition("/")
        path = "/" + path
    if _WPCOM_FILES.match(host):
        return path.lstrip("/") or None
    return None


class Uploads:
    """The copied uploads folder (or none), and the images already stored from it."""

    def __init__(self, root: Path | None, *, dry_run: bool = False) -> None:
        self.root = root.resolve() if root else None
        self.dry_run = dry_run
        self.stored: dict[Path, str] = {}
        self.refused: dict[str, str] = {}  # address -> why the gate refused it

    def local_file(self, url: str) -> Path | None:
        """The copied file an upload's address names, if it is there."""
        if self.root is None:
            return None
        relative = uploads_path(url)
        if relative is None:
            return None
        for candidate in (relative, _RESIZED.sub("", relative)):
            file = (self.root / candidate).resolve()
            # An address with ../ in it never reaches outside the folder.
            if file.is_relative_to(self.root) and file.is_file():
                return file
        return None

    def store(self, url: str) -> str | None:
        """
        The new address of the image ``url`` named, stored through the gate
        (in a dry run only checked); None when it is not here or refused.
        """
        file = self.local_file(url)
        if file is None:
            return None
        if file in self.stored:
            return self.stored[file]
        try:
            with open(file, "rb") as handle:
                if self.dry_run:
                    validate_image_file(handle)
                    self.stored[file] = url
                    return url
                clean = reencode_image(handle)
        except ValidationError as error:
            self.refused[url] = " ".join(error.messages)
            return None
        name = f"markdown/wordpress/{clean.name}"
        try:
            name = default_storage.save(name, clean)
        except OSError as error:
            remove_partial_file(default_storage, name)
            raise ImageNotStoredError() from error
        self.stored[file] = default_storage.url(name)
        return self.stored[file]

    def featured(self, url: str) -> ContentFile | None:
        """A featured image's file for ``Post.featured_image`` (re-encoded by the field)."""
        file = self.local_file(url)
        if file is None:
            return None
        data = file.read_bytes()
        try:
            validate_image_file(ContentFile(data))
        except ValidationError as error:
            self.refused[url] = " ".join(error.messages)
            return None
        return ContentFile(data, name=file.name)
