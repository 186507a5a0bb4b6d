"""Uploaded images: only real JPEG/PNG/WebP/GIF get in, clean, and are served as what they are."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from authors.models import Author
from blog.models import Post

from .conftest import make_image_bytes


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def gif_with_html_comment() -> bytes:
    """A real, decodable GIF that also carries a web page in a comment block."""
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(
        buffer, format="GIF", comment=b"<html><script>alert(document.cookie)</script></html>"
    )
    return buffer.getvalue()


HOSTILE_FILES = [
    pytest.param(
        "drawing.svg",
        "image/svg+xml",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        "not an image we can read",
        id="svg",
    ),
    pytest.param(
        "page.png",
        "image/png",
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        "not an image we can read",
        id="html-named-png",
    ),
    pytest.param(
        "polyglot.gif",
        "image/gif",
        b"GIF89a/*<svg onload=alert(1)>*/=1;alert(document.domain)//" + b"\x00" * 16,
        "",  # Pillow may read the header; either way it must be refused
        id="gif-html-polyglot",
    ),
    pytest.param(
        "comment.gif",
        "image/gif",
        gif_with_html_comment(),
        "contains web page code as well as an image",
        id="gif-with-html-inside",
    ),
    pytest.param(
        "report.jpg",
        "image/jpeg",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        "not an image we can read",
        id="pdf",
    ),
    pytest.param(
        "bomb.png", "image/png", png_claiming(50_000, 50_000), "too many pixels", id="png-bomb"
    ),
    pytest.param(
        "half.jpg",
        "image/jpeg",
        make_image_bytes("JPEG", size=(400, 300))[:-200],
        "damaged or incomplete",
        id="truncated-jpeg",
    ),
]


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


@pytest.mark.parametrize(("name", "content_type", "data", "message"), HOSTILE_FILES)
def test_markdown_editor_upload_refuses_hostile_files(
    client, editor, media_root, name, content_type, data, message
):
    client.force_login(editor)
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post("/admin-tools/markdown/upload/", {"image": upload})
    assert response.status_code == 400
    (error,) = response.json()["image"]
    assert message in error and error.endswith(".")
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("name", "content_type", "data", "message"), HOSTILE_FILES)
def test_featured_image_in_the_admin_refuses_hostile_files(
    client, editor, post, media_root, name, content_type, data, message
):
    client.force_login(editor)
    response = client.post(
        f"/admin/blog/post/{post.pk}/change/",
        {
            "title": post.title,
            "slug": post.slug,
            "author": post.author_id,
            "body": post.body,
            "excerpt": "",
            "featured_image": SimpleUploadedFile(name, data, content_type=content_type),
            "featured_image_alt": "A picture",
            "status": "published",
            "published_at_0": post.published_at.strftime("%Y-%m-%d"),
            "published_at_1": post.published_at.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200  # the form again, with the reason
    page = response.content.decode()
    assert message in page
    assert 'value="A picture"' in page  # what was typed is kept
    assert stored_files(media_root) == []
    post.refresh_from_db()
    assert not post.featured_image


@pytest.mark.parametrize(("name", "content_type", "data", "message"), HOSTILE_FILES)
def test_author_photo_refuses_hostile_files(db, media_root, name, content_type, data, message):
    author = Author(name="Mallory", slug="mallory")
    author.photo = SimpleUploadedFile(name, data, content_type=content_type)
    with pytest.raises(Exception) as raised:
        author.full_clean()
        author.save()
    assert message in str(raised.value)
    assert stored_files(media_root) == []
    assert not Author.objects.filter(slug="mallory").exists()


def jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (40, 30), (10, 200, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Maker"  # Make
    exif[0x0132] = "2024:01:01 10:00:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"home address here")
    return buffer.getvalue()


def test_metadata_is_stripped_and_the_name_is_random(client, editor, media_root):
    client.force_login(editor)
    upload = SimpleUploadedFile("my-home.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    response = client.post("/admin-tools/markdown/upload/", {"image": upload, "alt_text": "Home"})
    assert response.status_code == 200
    # The original; its renditions (".480w.webp"...) are made from it.
    (path,) = [path for path in stored_files(media_root) if not re.search(r"\.\d+w\.", path.name)]
    assert path.suffix == ".jpg" and "my-home" not in path.name
    data = path.read_bytes()
    assert b"SpyCam" not in data and b"home address" not in data
    with Image.open(path) as stored:
        assert dict(stored.getexif()) == {}
        assert "comment" not in stored.info and "exif" not in stored.info


def test_featured_image_is_reencoded_without_metadata(make_post, media_root):
    post = make_post(
        featured_image=SimpleUploadedFile("a.jpg", jpeg_with_metadata(), "image/jpeg"),
        featured_image_alt="A green square",
    )
    assert b"SpyCam" not in Path(post.featured_image.path).read_bytes()


@pytest.mark.parametrize(
    ("name", "fmt", "content_type"),
    [
        ("photo.png", "JPEG", "image/jpeg"),  # the name lies; the bytes decide
        ("photo.gif", "PNG", "image/png"),
        ("photo.jpg", "WEBP", "image/webp"),
        ("photo.webp", "GIF", "image/gif"),
    ],
)
def test_images_are_served_with_the_content_type_of_what_they_are(
    client, editor, media_root, name, fmt, content_type
):
    client.force_login(editor)
    upload = SimpleUploadedFile(name, make_image_bytes(fmt), content_type="image/png")
    response = client.post(
        "/admin-tools/markdown/upload/", {"image": upload, "alt_text": "An image"}
    )
    url = response.json()["image_code"].removeprefix("![An image](").removesuffix(")")
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_post_saved_in_code_cannot_smuggle_an_svg(make_post, media_root):
    svg = SimpleUploadedFile("x.svg", b"<svg onload=alert(1)></svg>", "image/svg+xml")
    with pytest.raises(ValidationError, match="not an image we can read"), transaction.atomic():
        make_post(featured_image=svg, featured_image_alt="x")
    assert stored_files(media_root) == []
    assert not Post.objects.filter(featured_image__endswith=".svg").exists()


def test_an_animated_gif_keeps_its_frames_and_loop_but_not_its_comment_or_xmp(
    make_post, media_root
):
    from .hostile_images import animated_gif, with_xmp_extension

    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description photoshop:City="Salem"/>'
    upload = with_xmp_extension(
        animated_gif(6, (40, 30), comment=b"shot at 12 Elm Street", loop=3, duration=70), xmp
    )
    with Image.open(io.BytesIO(upload)) as original:  # the upload does carry both
        assert original.info["comment"] == b"shot at 12 Elm Street"
        assert b"XMP DataXMP" in upload

    post = make_post(
        featured_image=SimpleUploadedFile("loop.gif", upload, "image/gif"),
        featured_image_alt="A square moving",
    )

    data = Path(post.featured_image.path).read_bytes()
    assert b"Elm Street" not in data and b"\x21\xfe" not in data  # no comment extension
    assert b"XMP" not in data and b"Salem" not in data
    # NETSCAPE2.0 is the one application extension kept: it carries the loop count.
    assert data.count(b"\x21\xff") == 1 and b"NETSCAPE2.0" in data
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.n_frames == 6 and stored.info["loop"] == 3
        assert stored.info["duration"] == 70
