"""Every admin save of a post or profile keeps a version; the admin compares and restores them."""

import re

import pytest
from reversion.models import Version

from blog.models import Post


def post_form(post: Post, **changes) -> dict:
    data = {
        "title": post.title,
        "slug": post.slug,
        "author": post.author_id,
        "body": post.body,
        "excerpt": post.excerpt,
        "featured_image_alt": "",
        "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
    }
    return {**data, **changes}


@pytest.fixture
def edited_post(client, editor, post):
    """A post saved twice in the admin: the second save adds a spam link."""
    client.force_login(editor)
    url = f"/admin/blog/post/{post.pk}/change/"
    assert client.post(url, post_form(post, body="First <b>honest</b> text.")).status_code == 302
    post.refresh_from_db()
    spam = "First <b>honest</b> text.\n\n[a pal](https://pal.example/)"
    assert client.post(url, post_form(post, body=spam)).status_code == 302
    post.refresh_from_db()
    return post


def test_every_admin_save_keeps_a_version_with_who_and_what(edited_post, editor):
    versions = list(Version.objects.get_for_object(edited_post).select_related("revision"))
    assert len(versions) == 2
    newest = versions[0]
    assert newest.revision.user == editor
    assert "Changed Body" in newest.revision.get_comment()
    assert "pal.example" in newest.field_dict["body"]


def test_history_page_lists_versions_with_a_compare_link(client, edited_post):
    page = client.get(f"/admin/blog/post/{edited_post.pk}/history/").content.decode()
    assert page.count("Changes from the version before") == 1
    assert "editor" in page


def test_compare_shows_the_added_link_escaped(client, edited_post):
    history = client.get(f"/admin/blog/post/{edited_post.pk}/history/").content.decode()
    compare_url = re.search(r'href="([^"]*/history/compare/[^"]*)"', history).group(1)
    page = client.get(compare_url.replace("&amp;", "&")).content.decode()
    # The body as readers read it (the rendered text, the link's address kept),
    # escaped: what people typed is shown as text, never as markup.
    assert '<span class="revision-diff__added">+ a pal &lt;https://pal.example/&gt;</span>' in page
    assert "<b>honest</b>" not in page and "First honest text." in page


def test_restoring_an_old_version_brings_its_text_back(client, edited_post):
    first = list(Version.objects.get_for_object(edited_post))[-1]
    url = f"/admin/blog/post/{edited_post.pk}/history/{first.pk}/"
    page = client.get(url).content.decode()
    assert "pal.example" not in page.split('id="id_body"')[1].split("</textarea>")[0]
    edited_post.refresh_from_db()
    assert "pal.example" in edited_post.body  # looking changes nothing
    restored = post_form(edited_post, body=first.field_dict["body"])
    assert client.post(url, restored).status_code == 302
    edited_post.refresh_from_db()
    assert "pal.example" not in edited_post.body
    newest = Version.objects.get_for_object(edited_post).first()
    assert "Reverted to previous version" in newest.revision.get_comment()


def test_author_profile_saves_are_versioned_too(client, editor, author):
    client.force_login(editor)
    data = {
        "name": author.name,
        "slug": author.slug,
        "headline": "Now a spam headline",
        "short_bio": "",
        "booking_url": author.booking_url,
        "booking_label": author.booking_label,
        "is_active": "on",
        "user": author.user_id,
        "credentials-TOTAL_FORMS": "0",
        "credentials-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/authors/author/{author.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    (version,) = Version.objects.get_for_object(author)
    assert version.field_dict["headline"] == "Now a spam headline"
    assert version.revision.user == editor


def test_publish_action_keeps_a_version(client, editor, make_post):
    draft = make_post(status=Post.Status.DRAFT, published_at=None)
    client.force_login(editor)
    client.post("/admin/blog/post/", {"action": "publish", "_selected_action": [draft.pk]})
    assert Version.objects.get_for_object(draft).count() == 1


def test_compare_refuses_versions_of_another_object(client, edited_post, make_post):
    other = make_post()
    mine = Version.objects.get_for_object(edited_post).first()
    response = client.get(
        f"/admin/blog/post/{other.pk}/history/compare/?old={mine.pk}&new={mine.pk}"
    )
    assert response.status_code == 404
