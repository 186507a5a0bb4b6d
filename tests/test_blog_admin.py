import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import Post

from .conftest import make_image_bytes


def test_editor_adds_a_post_through_the_admin(client, editor, author, category):
    client.force_login(editor)
    response = client.post(
        "/admin/blog/post/add/",
        {
            "title": "How to say sorry",
            "slug": "how-to-say-sorry",
            "author": author.pk,
            "body": "An apology that **lands**.",
            "excerpt": "",
            "featured_image_alt": "",
            "status": "published",
            "published_at_0": "2026-01-02",
            "published_at_1": "10:00:00",
            "categories": [category.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="how-to-say-sorry")
    assert post.is_public
    assert "<strong>lands</strong>" in post.body_html
    assert list(post.categories.all()) == [category]


def test_editor_changes_a_post_through_the_admin(client, editor, post):
    client.force_login(editor)
    response = client.get(f"/admin/blog/post/{post.pk}/change/")
    assert response.status_code == 200
    assert "View on site" in response.content.decode()
    data = {
        "title": "Rebuilding trust, revised",
        "slug": post.slug,
        "author": post.author.pk,
        "body": "New body",
        "excerpt": "",
        "featured_image_alt": "",
        "status": "published",
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
    }
    assert client.post(f"/admin/blog/post/{post.pk}/change/", data).status_code == 302
    post.refresh_from_db()
    assert post.title == "Rebuilding trust, revised" and post.body_html == "<p>New body</p>"


def test_admin_refuses_a_featured_image_without_alt_text(client, editor, post):
    client.force_login(editor)
    data = {
        "title": post.title,
        "slug": post.slug,
        "author": post.author.pk,
        "body": post.body,
        "excerpt": "",
        "featured_image": SimpleUploadedFile(
            "a.jpg", make_image_bytes(), content_type="image/jpeg"
        ),
        "featured_image_alt": "",
        "status": "draft",
    }
    response = client.post(f"/admin/blog/post/{post.pk}/change/", data)
    assert response.status_code == 200
    assert "Describe the featured image" in response.content.decode()


def test_admin_changelist_searches_and_filters(client, editor, make_post):
    make_post(title="Jealousy and you")
    make_post(title="Money talks", status=Post.Status.DRAFT)
    client.force_login(editor)
    html = client.get("/admin/blog/post/", {"q": "jealousy"}).content.decode()
    assert "Jealousy and you" in html and "Money talks" not in html
    html = client.get("/admin/blog/post/", {"status__exact": "draft"}).content.decode()
    assert "Money talks" in html and "Jealousy and you" not in html


def test_publish_and_unpublish_actions(client, editor, make_post):
    draft = make_post(status=Post.Status.DRAFT, published_at=None)
    client.force_login(editor)
    client.post("/admin/blog/post/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_public
    client.post("/admin/blog/post/", {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Post.Status.UNPUBLISHED  # not a draft: it was live once


# --- The editor's Markdown preview and image upload endpoints ----------------


def test_anonymous_preview_is_refused(client, db):
    response = client.post("/admin-tools/markdown/preview/", {"content": "**x**"})
    assert response.status_code == 403


def test_preview_uses_the_sanitising_function(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin-tools/markdown/preview/", {"content": "**bold** <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert response.content.decode().strip() == "<p><strong>bold</strong> </p>"


def test_anonymous_upload_is_refused(client, db, media_root):
    upload = SimpleUploadedFile("x.png", make_image_bytes("PNG"), content_type="image/png")
    response = client.post("/admin-tools/markdown/upload/", {"image": upload})
    assert response.status_code == 403
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_html_sent_as_a_gif_is_refused(client, editor, media_root):
    client.force_login(editor)
    fake = SimpleUploadedFile(
        "innocent.gif", b"<html><script>alert(1)</script></html>", content_type="image/gif"
    )
    response = client.post(
        "/admin-tools/markdown/upload/",
        {"image": fake},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 400
    assert "not an image" in json.loads(response.content)["image"][0]
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


@pytest.mark.parametrize(
    ("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")]
)
def test_real_image_upload_is_reencoded_under_a_random_name(client, editor, media_root, fmt, ext):
    client.force_login(editor)
    upload = SimpleUploadedFile("my holiday.bmp", make_image_bytes(fmt), content_type="text/plain")
    response = client.post(
        "/admin-tools/markdown/upload/", {"image": upload, "alt_text": "A picture"}
    )
    assert response.status_code == 200
    code = json.loads(response.content)["image_code"]
    assert code.startswith("![A picture](/media/library/") and code.endswith(f".{ext})")
    assert "holiday" not in code
    # The original alone: renditions are named ".64w.webp" and the like.
    stored = [path for path in media_root.rglob(f"*.{ext}") if "w." not in path.name]
    assert len(stored) == 1


def test_svg_upload_is_refused(client, editor):
    client.force_login(editor)
    svg = SimpleUploadedFile(
        "x.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        content_type="image/svg+xml",
    )
    assert client.post("/admin-tools/markdown/upload/", {"image": svg}).status_code == 400
