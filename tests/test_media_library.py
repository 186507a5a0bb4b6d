"""
The media library (issue 18): items with alt text, body images as figures,
the alt-text rule for publishing, usage tracking and refused deletion, the
editor's upload and chooser endpoints, and who sees which items.
"""

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog import workflow
from blog.models import Post
from core.markdown import render_markdown
from core.models import MediaItem, MediaUsage

from .admin_forms import unchanged_submission
from .conftest import make_image_bytes


def make_item(alt_text="A couple talking on a bench", by=None, size=(1200, 800), **fields):
    upload = SimpleUploadedFile("bench.jpg", make_image_bytes(size=size), "image/jpeg")
    return MediaItem.objects.create(file=upload, alt_text=alt_text, uploaded_by=by, **fields)


@pytest.fixture
def item(db, author_user):
    return make_item(by=author_user, caption="Talking it through", credit="Photo: Ana Ruiz")


# --- Items ------------------------------------------------------------------------


def test_an_item_without_alt_text_must_be_marked_decorative(db):
    item = MediaItem(file="library/x.jpg")
    with pytest.raises(ValidationError) as refused:
        item.clean()
    assert "Describe the image" in str(refused.value)
    MediaItem(file="library/x.jpg", is_decorative=True).clean()


def test_a_decorative_item_has_no_alt_text(db):
    with pytest.raises(ValidationError, match="decorative image has no alt text"):
        MediaItem(file="library/x.jpg", alt_text="A leaf", is_decorative=True).clean()


def test_an_item_is_stored_through_the_gate_with_its_size_and_renditions(item):
    assert item.file.name.startswith("library/") and item.file.name.endswith(".jpg")
    assert (item.width, item.height) == (1200, 800)
    assert default_storage.exists(item.file.name.replace(".jpg", ".480w.webp"))


def test_an_items_markdown_carries_alt_text_and_caption_escaped(db):
    item = make_item(alt_text="Two [chairs]\nfacing", caption='The "good" chair')
    assert item.markdown() == f'![Two \\[chairs\\] facing]({item.url} "The ”good” chair")'


# --- Figures ----------------------------------------------------------------------


def test_a_library_image_alone_in_a_paragraph_becomes_a_responsive_figure(item):
    html = render_markdown(f"Before.\n\n{item.markdown()}\n\nAfter.")
    figure = re.search(r"<figure.*?</figure>", html, re.S).group(0)
    assert '<source type="image/webp"' in figure
    assert 'width="1200" height="800"' in figure
    assert ".480w.webp 480w" in figure and ".960w.jpg 960w" in figure
    assert 'alt="A couple talking on a bench"' in figure
    assert "<figcaption>Talking it through" in figure and "Photo: Ana Ruiz" in figure
    assert "<p><figure" not in html


def test_the_markdown_alt_text_wins_and_the_library_fills_in_what_is_missing(item):
    html = render_markdown(f"![]({item.url})")
    assert 'alt="A couple talking on a bench"' in html
    assert "<figcaption>Talking it through" in html
    html = render_markdown(f'![Here: a bench]({item.url} "Another caption")')
    assert 'alt="Here: a bench"' in html and "<figcaption>Another caption" in html


def test_figure_text_from_the_library_is_escaped(db):
    item = make_item(alt_text='"><script>alert(1)</script>', caption="<b>bold</b>", credit="<i>")
    html = render_markdown(f"![]({item.url})")
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_images_not_in_the_library_stay_plain_images(db):
    html = render_markdown("![A fox](https://example.com/fox.jpg)")
    assert html == '<p><img alt="A fox" src="https://example.com/fox.jpg"></p>'


def test_a_page_of_figures_costs_one_query(item, django_assert_max_num_queries):
    """The N+1 this prevents: one item lookup per image in the body."""
    others = [make_item(alt_text=f"Image {n}") for n in range(3)]
    text = "\n\n".join(other.markdown() for other in [item, *others])
    with django_assert_max_num_queries(1):
        assert render_markdown(text).count("<figure") == 4


def test_the_preview_shows_the_figure_as_published(client, editor, item, make_post):
    client.force_login(editor)
    body = f"Intro.\n\n{item.markdown()}"
    preview = client.post("/admin-tools/markdown/preview/", {"content": body}).content.decode()
    post = make_post(body=body)
    assert "<figure" in preview and preview == post.body_html


def test_changing_an_items_caption_renders_the_posts_that_show_it_again(item, make_post):
    post = make_post(body=item.markdown().replace(' "Talking it through"', ""))
    item.caption = "A new caption"
    item.save()
    post.refresh_from_db()
    assert "<figcaption>A new caption" in post.body_html


# --- Publishing needs alt text ----------------------------------------------------

MISSING = "in the body has no alt text. Describe it between the brackets"


def test_a_post_with_an_undescribed_image_is_not_published(make_post, editor):
    post = make_post(status=Post.Status.DRAFT, body="Intro.\n\n![](https://example.com/a.jpg)")
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.publish(post, editor)
    assert f"The image https://example.com/a.jpg {MISSING}" in str(refused.value)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_the_admin_says_which_image_has_no_alt_text(client, editor, make_post):
    post = make_post(status=Post.Status.DRAFT, body="![](https://example.com/a.jpg)")
    client.force_login(editor)
    url = f"/admin/blog/post/{post.pk}/change/"
    data = unchanged_submission(client.get(url).content.decode(), "post_form")
    data["status"] = "published"
    response = client.post(f"/admin/blog/post/{post.pk}/change/", data)
    assert response.status_code == 200
    assert f"The image https://example.com/a.jpg {MISSING}" in response.content.decode()


def test_described_and_decorative_library_images_may_be_published(make_post, editor, item):
    decorative = make_item(alt_text="", is_decorative=True)
    body = f"![]({item.url})\n\n![]({decorative.url})\n\n![A fox](https://example.com/fox.jpg)"
    post = make_post(status=Post.Status.DRAFT, body=body)
    workflow.publish(post, editor)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert re.search(r'<img src="[^"]*"[^>]* alt=""', post.body_html)


# --- Usage and deletion -----------------------------------------------------------


def places_of(item) -> list[str]:
    return sorted(str(usage) for usage in item.usages.all())


def test_usage_follows_the_posts_body_and_goes_with_the_post(item, make_post):
    post = make_post(title="On benches", body=item.markdown())
    assert places_of(item) == ["Post “On benches” (body)"]
    post.body = "No image now."
    post.save()
    assert places_of(item) == []
    post.body = item.markdown()
    post.save()
    post.delete()
    assert MediaUsage.objects.count() == 0


def test_recording_usage_costs_the_same_for_one_image_as_for_four(item, make_post):
    """The N+1 this prevents: one item lookup (and one usage row written) per body image."""
    others = [make_item(alt_text=f"Image {n}") for n in range(3)]
    post = make_post(body=item.markdown())

    def queries_to_save(body: str) -> int:
        post.body = body
        with CaptureQueriesContext(connection) as queries:
            post.save()
        return len(queries)

    queries_to_save("Nothing.")  # from no usage: both saves below write rows
    one = queries_to_save(item.markdown())
    queries_to_save("Nothing.")
    four = queries_to_save("\n\n".join(i.markdown() for i in [item, *others]))
    assert four == one and len(places_of(item)) == 1


def test_a_stored_file_named_in_a_body_does_not_become_an_item(make_post):
    """An item owns its file (deleting it deletes the file): typing an address must not do that."""
    name = default_storage.save("authors/someone.png", ContentFile(make_image_bytes("PNG")))
    make_post(body=f"![Someone](/media/{name})")
    assert not MediaItem.objects.exists() and not MediaUsage.objects.exists()


def test_featured_images_and_author_photos_become_library_items(make_post, author, jpeg_upload):
    post = make_post(
        title="With a picture", featured_image=jpeg_upload, featured_image_alt="A door"
    )
    featured = MediaItem.objects.get(file=post.featured_image.name)
    assert featured.alt_text == "A door" and featured.uploaded_by == author.user
    assert places_of(featured) == ["Post “With a picture” (featured image)"]
    author.photo = SimpleUploadedFile("me.jpg", make_image_bytes(), "image/jpeg")
    author.save()
    photo = MediaItem.objects.get(file=author.photo.name)
    assert places_of(photo) == ["Author “Alice Rivera” (photo)"]


def test_the_library_lists_unused_items(client, editor, item, make_post):
    make_item(alt_text="Nobody shows me")
    make_post(body=item.markdown())
    client.force_login(editor)
    page = client.get("/admin/core/mediaitem/?use=unused").content.decode()
    assert "Nobody shows me" in page and "A couple talking" not in page


def test_deleting_a_used_item_is_refused_with_the_places(client, editor, item, make_post):
    make_post(title="On benches", body=item.markdown())
    client.force_login(editor)
    page = client.get(f"/admin/core/mediaitem/{item.pk}/delete/").content.decode()
    assert "Post “On benches” (body)" in page
    response = client.post(f"/admin/core/mediaitem/{item.pk}/delete/", {"post": "yes"})
    assert MediaItem.objects.filter(pk=item.pk).exists(), response.status_code
    assert default_storage.exists(item.file.name)


def test_deleting_an_unused_item_removes_its_file(
    client, editor, item, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/core/mediaitem/{item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not default_storage.exists(item.file.name)


# --- The editor's endpoints and who sees what ---------------------------------------


def upload(client, **fields):
    image = SimpleUploadedFile("drop.png", make_image_bytes("PNG"), "image/png")
    return client.post("/admin-tools/markdown/upload/", {"image": image, **fields})


def test_an_upload_without_alt_text_is_refused_and_says_why(client, author_user):
    client.force_login(author_user)
    response = upload(client, caption="Kept")
    assert response.status_code == 400
    assert "Describe the image" in response.json()["alt_text"][0]
    assert not MediaItem.objects.exists()


def test_an_upload_with_alt_text_becomes_an_item_and_its_markdown(client, author_user):
    client.force_login(author_user)
    response = upload(client, alt_text="A teapot", caption="Tea first")
    item = MediaItem.objects.get()
    assert response.json()["image_code"] == f'![A teapot]({item.url} "Tea first")'
    assert item.uploaded_by == author_user


def test_authors_choose_among_their_own_uploads_and_editors_among_all(
    client, author_user, editor, item
):
    theirs = make_item(alt_text="Ben's picture of a bench")
    client.force_login(author_user)
    found = client.get("/admin-tools/media/choose/", {"q": "bench"}).json()["items"]
    assert [entry["id"] for entry in found] == [item.pk]
    url = f"/admin/core/mediaitem/{theirs.pk}/change/"
    assert client.get(url).status_code in (302, 403, 404)
    client.post(url, {"alt_text": "Hijacked"})
    theirs.refresh_from_db()
    assert theirs.alt_text == "Ben's picture of a bench"
    assert "Ben&#x27;s picture" not in client.get("/admin/core/mediaitem/").content.decode()
    client.force_login(editor)
    found = client.get("/admin-tools/media/choose/", {"q": "bench"}).json()["items"]
    assert {entry["id"] for entry in found} == {item.pk, theirs.pk}


def test_only_staff_editors_reach_the_chooser(client, db):
    assert client.get("/admin-tools/media/choose/").status_code == 403


# --- The data migration -------------------------------------------------------------

library_migration = import_module("blog.migrations.0027_media_library")


def test_the_migration_gives_stored_images_items_and_records_their_places(
    make_post, author, jpeg_upload
):
    dropped = default_storage.save(
        "markdown/2026/01/drop.png", ContentFile(make_image_bytes("PNG"))
    )
    post = make_post(
        title="Older post",
        body=f"![A dropped image](/media/{dropped})",
        featured_image=jpeg_upload,
        featured_image_alt="A door",
    )
    author.photo = SimpleUploadedFile("me.jpg", make_image_bytes(), "image/jpeg")
    author.save()
    MediaUsage.objects.all().delete()
    MediaItem.objects.all().delete()  # as before the library existed (files stay: no commit)

    library_migration.library_for_stored_images(django_apps, None)

    items = {item.file.name: item for item in MediaItem.objects.all()}
    assert set(items) == {dropped, post.featured_image.name, author.photo.name}
    assert items[dropped].alt_text == "A dropped image" and items[dropped].width == 64
    assert places_of(items[dropped]) == ["Post “Older post” (body)"]
    assert places_of(items[author.photo.name]) == ["Author “Alice Rivera” (photo)"]
    assert default_storage.exists(dropped.replace(".png", ".64w.webp"))
