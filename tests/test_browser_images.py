"""
Saving again what already has an image, in Debian's Chromium against a live
server: the editor's published post with a featured image, the author's own
profile with a photo. Both used to end in a server error.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from blog.models import Post

from .browser_steps import log_in
from .conftest import make_image_bytes

pytestmark = pytest.mark.browser


def stored(field_file) -> tuple[str, bytes]:
    return field_file.name, Path(field_file.path).read_bytes()


def press_save(page) -> None:
    page.locator('input[name="_save"]').click()


def test_editor_saves_a_published_post_with_a_featured_image_and_sees_the_change(
    page, live_server, editor, make_post, tmp_path, console_errors
):
    post = make_post(
        title="A lamp in the window",
        slug="a-lamp-in-the-window",
        featured_image=SimpleUploadedFile("lamp.jpg", make_image_bytes(size=(1200, 700))),
        featured_image_alt="A lamp in a dark window",
    )
    before = stored(post.featured_image)
    log_in(page, live_server, "editor")
    change = f"{live_server.url}/admin/blog/post/{post.pk}/change/"

    # Unchanged: opened and saved as it is.
    page.goto(change)
    press_save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    page.screenshot(path=tmp_path / "editor-saved-unchanged.png", full_page=True)

    # A small text change, saved the same way, shows on the public page.
    page.goto(change)
    page.get_by_label("Title").fill("A lamp in the window, at dusk")
    press_save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("A lamp in the window, at dusk")
    expect(page.get_by_role("img", name="A lamp in a dark window")).to_be_visible()
    page.screenshot(path=tmp_path / "editor-public-page.png", full_page=True)

    post = Post.objects.get(pk=post.pk)
    assert stored(post.featured_image) == before
    assert console_errors == []


def test_author_saves_her_profile_with_a_photo_and_sees_the_change(
    page, live_server, author, tmp_path, console_errors
):
    author.photo = SimpleUploadedFile("me.jpg", make_image_bytes(size=(600, 600)))
    author.save()
    before = stored(author.photo)
    log_in(page, live_server, "alice")
    change = f"{live_server.url}/admin/authors/author/{author.pk}/change/"

    page.goto(change)
    press_save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    page.goto(change)
    page.get_by_label("Headline").fill("Couples therapist in Salem")
    press_save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    page.screenshot(path=tmp_path / "author-saved.png", full_page=True)

    page.goto(f"{live_server.url}{author.get_absolute_url()}")
    expect(page.get_by_text("Couples therapist in Salem")).to_be_visible()
    expect(page.locator("img[src*='sq']").first).to_be_visible()  # her photo's square crop
    page.screenshot(path=tmp_path / "author-profile-page.png", full_page=True)

    author.refresh_from_db()
    assert stored(author.photo) == before
    assert console_errors == []
