"""
Saving again an object that already has an image, through the real admin change form.

The stored file passed the image gate when it was stored; pressing Save on an
unchanged form must neither re-read, re-encode nor rename it, for every role
that may change the object and for every CleanImageField in the project.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import Post
from core.images import CleanImageField
from core.models import MediaItem

from .admin_forms import unchanged_submission
from .conftest import make_image_bytes


def stored(field_file) -> tuple[str, bytes]:
    return field_file.name, Path(field_file.path).read_bytes()


def change_page(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def save_unchanged(client, obj, **changes):
    """Open the change form, press Save with what it shows (plus ``changes``)."""
    page = client.get(change_page(obj))
    assert page.status_code == 200
    data = unchanged_submission(page.content.decode(), f"{obj._meta.model_name}_form")
    data.update(changes)
    return client.post(change_page(obj), data)


@pytest.fixture
def post_with_image(make_post):
    return make_post(
        title="A lamp in the window",
        slug="a-lamp-in-the-window",
        featured_image=SimpleUploadedFile("lamp.jpg", make_image_bytes(size=(800, 500))),
        featured_image_alt="A lamp in a dark window",
    )


@pytest.fixture
def draft_with_image(make_post):
    return make_post(
        title="A draft with a picture",
        slug="a-draft-with-a-picture",
        status=Post.Status.DRAFT,
        published_at=None,
        featured_image=SimpleUploadedFile("draft.png", make_image_bytes("PNG", size=(600, 400))),
        featured_image_alt="A pale orange rectangle",
    )


@pytest.fixture
def author_with_photo(author):
    author.photo = SimpleUploadedFile("me.jpg", make_image_bytes(size=(500, 500)))
    author.save()
    return author


def test_every_clean_image_field_is_covered_here():
    """A new CleanImageField needs its re-save test added to this module."""
    fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, CleanImageField)
    }
    assert fields == {"blog.Post.featured_image", "authors.Author.photo", "core.MediaItem.file"}


@pytest.mark.parametrize("change", [{}, {"title": "A lamp in the window, again"}])
def test_editor_saves_a_published_post_with_a_featured_image(
    client, editor, post_with_image, change
):
    before = stored(post_with_image.featured_image)
    client.force_login(editor)

    response = save_unchanged(client, post_with_image, **change)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/admin/blog/post/"
    post_with_image.refresh_from_db()
    assert stored(post_with_image.featured_image) == before
    assert (post_with_image.featured_image_width, post_with_image.featured_image_height) == (
        800,
        500,
    )
    assert post_with_image.title == change.get("title", "A lamp in the window")


def test_author_saves_her_own_draft_with_a_featured_image(client, author_user, draft_with_image):
    before = stored(draft_with_image.featured_image)
    client.force_login(author_user)

    response = save_unchanged(client, draft_with_image, title="A draft with a better title")

    assert response.status_code == 302, response.content.decode()[:2000]
    draft_with_image.refresh_from_db()
    assert draft_with_image.title == "A draft with a better title"
    assert stored(draft_with_image.featured_image) == before


@pytest.mark.parametrize("change", [{}, {"headline": "Couples therapist in Salem"}])
def test_author_saves_her_own_profile_with_a_photo(client, author_user, author_with_photo, change):
    before = stored(author_with_photo.photo)
    client.force_login(author_user)

    response = save_unchanged(client, author_with_photo, **change)

    assert response.status_code == 302, response.content.decode()[:2000]
    author_with_photo.refresh_from_db()
    assert stored(author_with_photo.photo) == before
    assert author_with_photo.headline == change.get("headline", "Couples therapist in Portland")


def test_editor_saves_an_authors_profile_with_a_photo(client, editor, author_with_photo):
    before = stored(author_with_photo.photo)
    client.force_login(editor)

    response = save_unchanged(client, author_with_photo)

    assert response.status_code == 302, response.content.decode()[:2000]
    author_with_photo.refresh_from_db()
    assert stored(author_with_photo.photo) == before


def test_saving_in_code_keeps_the_stored_file(post_with_image):
    """A reloaded object saved by a script or the shell: full_clean and save, no re-encode."""
    before = stored(post_with_image.featured_image)
    post = Post.objects.get(pk=post_with_image.pk)
    post.full_clean()
    post.save()
    assert stored(post.featured_image) == before


@pytest.mark.parametrize("role", ["editor", "author"])
def test_a_media_item_is_saved_again_with_a_new_caption(client, editor, author_user, role):
    """The library's item keeps its file (read-only once stored) and takes the new text."""
    item = MediaItem.objects.create(
        file=SimpleUploadedFile("bench.jpg", make_image_bytes(size=(700, 400))),
        alt_text="A bench",
        uploaded_by=author_user,
    )
    before = stored(item.file)
    client.force_login(editor if role == "editor" else author_user)

    response = save_unchanged(client, item, caption="A bench in the sun")

    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.caption == "A bench in the sun" and stored(item.file) == before
    assert (item.width, item.height) == (700, 400)
