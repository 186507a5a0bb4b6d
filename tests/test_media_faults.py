"""
An image upload that cannot be stored (MEDIA_ROOT unwritable, disk full
halfway through the write): a clear error in the admin with what was typed
kept, the post cleanly not saved, and no partial file left behind.
"""

import io
import os
import re
import resource
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog.models import Post
from core.images import ImageNotStoredError

NOT_STORED = "The image could not be stored"


def noisy_jpeg(size=(400, 300)) -> bytes:
    """A JPEG that does not compress: about 100 KB, whatever the encoder does."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.is_dir() else []


def change_data(post: Post, **changes) -> dict:
    data = {
        "title": post.title,
        "slug": post.slug,
        "author": post.author.pk,
        "body": post.body,
        "excerpt": "",
        "featured_image": SimpleUploadedFile("big.jpg", noisy_jpeg(), content_type="image/jpeg"),
        "featured_image_alt": "Two chairs facing each other",
        "status": "published",
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
    }
    return {**data, **changes}


@pytest.fixture
def unwritable_media_root(settings, tmp_path) -> Path:
    """A MEDIA_ROOT under a regular file: no directory can be made there, even by root."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    return settings.MEDIA_ROOT


@contextmanager
def disk_full_after_16_kb():
    """
    Writes past 16 KB into any file fail with EFBIG, as on a full disk
    (RLIMIT_FSIZE). Only around the request: the limit holds for every file
    the process writes, pytest's own report included.
    """
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous_handler)


def test_unwritable_media_root_in_the_admin_shows_an_error_and_changes_nothing(
    client, editor, post, unwritable_media_root
):
    client.force_login(editor)
    original_title = post.title

    response = client.post(
        f"/admin/blog/post/{post.pk}/change/", change_data(post, title="A title I typed")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert NOT_STORED in html
    assert 'value="A title I typed"' in html
    post.refresh_from_db()
    assert post.title == original_title
    assert not post.featured_image


def test_unwritable_media_root_when_adding_a_post_saves_no_post(
    client, editor, author, unwritable_media_root
):
    client.force_login(editor)
    data = {
        "title": "A new post with a picture",
        "slug": "new-with-picture",
        "author": author.pk,
        "body": "Words.",
        "excerpt": "",
        "featured_image": SimpleUploadedFile("p.jpg", noisy_jpeg(), content_type="image/jpeg"),
        "featured_image_alt": "A picture",
        "status": "draft",
    }

    response = client.post("/admin/blog/post/add/", data)

    assert response.status_code == 200
    assert NOT_STORED in response.content.decode()
    assert not Post.objects.filter(slug="new-with-picture").exists()


def test_a_disk_full_halfway_through_the_write_leaves_no_partial_file(
    client, editor, post, media_root
):
    client.force_login(editor)

    with disk_full_after_16_kb():
        response = client.post(f"/admin/blog/post/{post.pk}/change/", change_data(post))

    assert response.status_code == 200
    assert NOT_STORED in response.content.decode()
    assert files_under(media_root) == []
    post.refresh_from_db()
    assert not post.featured_image


def test_the_same_upload_is_stored_once_the_disk_has_room(client, editor, post, media_root):
    client.force_login(editor)

    response = client.post(f"/admin/blog/post/{post.pk}/change/", change_data(post))

    assert response.status_code == 302
    post.refresh_from_db()
    stored = Path(post.featured_image.name)
    # The original once, plus its renditions (name.<width>w.<format>), nothing partial.
    names = [path.name for path in files_under(media_root)]
    assert [name for name in names if not re.search(r"\.\d+w\.", name)] == [stored.name]


def test_an_image_dropped_into_the_editor_gets_a_clear_error_when_it_cannot_be_stored(
    client, editor, unwritable_media_root
):
    client.force_login(editor)
    upload = SimpleUploadedFile("p.jpg", noisy_jpeg(), content_type="image/jpeg")

    response = client.post("/admin-tools/markdown/upload/", {"image": upload, "alt_text": "A p"})

    assert response.status_code == 503
    assert response.json() == {"image": [ImageNotStoredError.message]}
