"""
An author's edit of her published post is a pending revision: the live page
stays as it was until an editor approves the changes (diffed as rendered text).
"""

import pytest
from django.db import IntegrityError

from blog import workflow
from blog.models import PendingRevision, Post
from blog.review_diff import folded
from core.version_diff import line_diff

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(make_post, category):
    return make_post(
        title="Fair fighting", slug="fair-fighting", body="Take a **break**.", categories=[category]
    )


def form(post: Post, **changes) -> dict:
    data = {
        "title": post.title,
        "body": post.body,
        "excerpt": post.excerpt,
        "featured_image_alt": post.featured_image_alt,
        "seo_title": post.seo_title,
        "seo_description": post.seo_description,
        "categories": [c.pk for c in post.categories.all()],
        "_save": "Save",
    }
    data.update(changes)
    return data


def edit_as_author(client, post, author_user, **changes):
    client.force_login(author_user)
    return client.post(f"/admin/blog/post/{post.pk}/change/", form(post, **changes))


def test_authors_edit_of_her_published_post_does_not_go_live(client, live, author_user, tag):
    response = edit_as_author(
        client,
        live,
        author_user,
        title="Fairer fighting",
        body="Take a *long* break.",
        tags=[tag.pk],
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.title, live.body) == ("Fair fighting", "Take a **break**.")
    assert list(live.tags.all()) == []
    revision = PendingRevision.objects.get(post=live)
    assert revision.data["title"] == "Fairer fighting"
    assert revision.data["tags"] == [tag.pk]
    page = client.get(live.get_absolute_url()).content.decode()
    assert "Fair fighting" in page and "Fairer" not in page


def test_her_form_then_shows_her_pending_version_with_a_banner(client, live, author_user):
    edit_as_author(client, live, author_user, title="Fairer fighting")
    page = client.get(f"/admin/blog/post/{live.pk}/change/").content.decode()
    assert 'value="Fairer fighting"' in page
    assert "Your changes are not live: submit them for review" in page


def test_an_unchanged_save_keeps_no_pending_revision(client, live, author_user):
    assert edit_as_author(client, live, author_user).status_code == 302
    assert not PendingRevision.objects.exists()


def test_author_cannot_change_the_slug_or_status_of_her_published_post(client, live, author_user):
    edit_as_author(client, live, author_user, slug="forged", status="draft", title="New")
    live.refresh_from_db()
    assert (live.slug, live.status) == ("fair-fighting", Post.Status.PUBLISHED)
    assert "slug" not in PendingRevision.objects.get().data


def test_editors_own_edit_goes_live_on_save(client, live, editor, author):
    client.force_login(editor)
    data = form(live, title="Edited by the editor", slug=live.slug, author=author.pk)
    data.update(status="published", published_at_0="2024-01-01", published_at_1="10:00:00")
    assert client.post(f"/admin/blog/post/{live.pk}/change/", data).status_code == 302
    assert Post.objects.get(pk=live.pk).title == "Edited by the editor"
    assert not PendingRevision.objects.exists()


def test_submitting_then_approving_applies_the_changes_through_save(
    client, live, author_user, editor
):
    edit_as_author(client, live, author_user, title="Fairer fighting", body="Take a *long* break.")
    workflow.submit_for_review(live, author_user, "Typo fixed")
    client.force_login(editor)
    response = client.post(f"/admin/blog/post/{live.pk}/review/", {"_publish": "1"})
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Fairer fighting"
    assert live.body_html == "<p>Take a <em>long</em> break.</p>"
    assert PendingRevision.objects.get().status == PendingRevision.Status.APPROVED
    assert "Fairer fighting" in client.get(live.get_absolute_url()).content.decode()


def test_review_screen_diffs_the_rendered_text_escaped(client, live, author_user, editor):
    edit_as_author(client, live, author_user, body="Take a **pause** <script>alert(1)</script>.")
    workflow.submit_for_review(live, author_user)
    client.force_login(editor)
    page = client.get(f"/admin/blog/post/{live.pk}/review/").content.decode()
    assert "- Take a break." in page  # the rendered text, not "**break**"
    assert "+ Take a pause ." in page or "+ Take a pause." in page
    assert "**" not in page.split("review-diff")[1]
    assert "<script>alert" not in page
    assert "Approve the changes" in page


def test_editor_returns_the_changes_and_the_author_edits_them_again(
    client, live, author_user, editor
):
    edit_as_author(client, live, author_user, title="Fairer fighting")
    workflow.submit_for_review(live, author_user)
    workflow.return_to_author(live, editor, "Keep the old title.")
    assert PendingRevision.objects.get().status == PendingRevision.Status.RETURNED
    assert Post.objects.returned_to_author().get().return_note == "Keep the old title."
    assert (
        edit_as_author(client, live, author_user, title="Fair fighting, again").status_code == 302
    )
    assert PendingRevision.objects.get().data["title"] == "Fair fighting, again"


def test_author_cannot_edit_changes_that_are_in_review(client, live, author_user):
    edit_as_author(client, live, author_user, title="Fairer fighting")
    workflow.submit_for_review(live, author_user)
    assert edit_as_author(client, live, author_user, title="Sneaky").status_code == 403
    assert PendingRevision.objects.get().data["title"] == "Fairer fighting"


def test_author_cannot_restore_an_old_version_over_her_live_post(client, live, author_user, editor):
    import reversion
    from reversion.models import Version

    with reversion.create_revision():
        live.save()
    version = Version.objects.get_for_object(live).first()
    client.force_login(author_user)
    url = f"/admin/blog/post/{live.pk}/history/{version.pk}/"
    assert client.get(url).status_code == 403


def test_one_open_pending_revision_per_post(live, author_user):
    PendingRevision.objects.create(post=live, data={"title": "One"})
    with pytest.raises(IntegrityError):
        PendingRevision.objects.create(post=live, data={"title": "Two"})


def test_as_post_shows_the_pending_values_rendered(live, tag):
    revision = PendingRevision.objects.create(
        post=live, data={"title": "Pending", "body": "A *new* body", "tags": [tag.pk]}
    )
    preview = revision.as_post()
    assert (preview.title, preview.body_html) == ("Pending", "<p>A <em>new</em> body</p>")
    assert list(preview.tags.all()) == [tag]
    live.refresh_from_db()
    assert live.title == "Fair fighting"


def test_author_b_cannot_edit_author_as_published_post(
    client, live, second_author, second_author_user
):
    client.force_login(second_author_user)
    response = client.post(f"/admin/blog/post/{live.pk}/change/", form(live, title="B's"))
    assert response.status_code in (302, 403, 404)
    assert not PendingRevision.objects.exists()
    assert Post.objects.get(pk=live.pk).title == "Fair fighting"


def test_review_shows_a_change_in_a_long_post_with_its_neighbours_not_the_whole_text():
    paragraphs = [f"Paragraph number {n}." for n in range(30)]
    lines = line_diff(paragraphs, [*paragraphs[:15], "A new paragraph.", *paragraphs[15:]])
    assert folded(lines) == [
        ("skipped", "… 14 unchanged paragraphs …"),
        ("same", "Paragraph number 14."),
        ("added", "A new paragraph."),
        ("same", "Paragraph number 15."),
        ("skipped", "… 14 unchanged paragraphs …"),
    ]
