"""
django-reversion's recover and revision views are not a way around the admin's
permissions: a version only reaches the object and model its URL names, Authors
recover nothing, and a revert never writes a field the user's role cannot set
(whatever their change form does not let them edit keeps its current value).
"""

import re
from datetime import timedelta

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from authors.models import Author, Credential
from blog.models import Post
from tests.test_authors_admin_permissions import profile_form

PUBLISHED_AT = timezone.now() - timedelta(days=30)


def saved_as(user, obj, **changes):
    """Change ``obj`` and keep a version of it, as an admin save by ``user`` does."""
    for name, value in changes.items():
        setattr(obj, name, value)
    with reversion.create_revision():
        obj.save()
        reversion.set_user(user)
    return Version.objects.get_for_object(obj).first()


def post_form(post: Post, **changes) -> dict:
    """An author's change form of a post: no author, status or date fields."""
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "excerpt": post.excerpt,
        "featured_image_alt": "",
    }
    return {**data, **changes}


def credential_form(credential: Credential, **changes) -> dict:
    data = {
        "author": credential.author_id,
        "abbreviation": credential.abbreviation,
        "title": credential.title,
        "kind": credential.kind,
        "issuer": credential.issuer,
        "jurisdiction": credential.jurisdiction,
        "licence_number": credential.licence_number,
        "expires_on": "",
        "position": credential.position,
        # What a forged POST adds; the author's form has no such field.
        "verified": "on",
    }
    return {**data, **changes}


def row(obj) -> dict:
    obj.refresh_from_db()
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


# --- Posts ---------------------------------------------------------------------


@pytest.fixture
def bobs_deleted_post(editor, second_author, make_post):
    """Bob's published post, versioned by an editor, then deleted: its last version."""
    post = make_post(title="Bob's post", slug="bobs-post", author=second_author)
    version = saved_as(editor, post)
    with reversion.create_revision():
        post.delete()
    return version


@pytest.fixture
def alices_unpublished_post(editor, make_post):
    """
    Alice's post, once published by an editor (the old version), now her draft
    again, with no date and a newer text.
    """
    post = make_post(title="Alice's post", slug="alices-post", body="The old text.")
    published = saved_as(editor, post, status=Post.Status.PUBLISHED, published_at=PUBLISHED_AT)
    saved_as(editor, post, status=Post.Status.DRAFT, published_at=None, body="The new text.")
    return post, published


def test_author_cannot_recover_someone_elses_deleted_post(client, author, bobs_deleted_post):
    client.force_login(author.user)
    url = f"/admin/blog/post/recover/{bobs_deleted_post.pk}/"
    assert client.get(url).status_code == 403
    response = client.post(url, post_form(bobs_deleted_post._object_version.object))
    assert response.status_code == 403
    assert not Post.objects.filter(pk=bobs_deleted_post.object_id).exists()


def test_author_cannot_see_the_list_of_deleted_posts(client, author, bobs_deleted_post):
    client.force_login(author.user)
    response = client.get("/admin/blog/post/recover/")
    assert response.status_code == 403
    assert b"Bob&#x27;s post" not in response.content


def test_authors_changelist_has_no_recover_link(client, author):
    client.force_login(author.user)
    page = client.get("/admin/blog/post/").content.decode()
    assert "/admin/blog/post/recover/" not in page


def test_editor_sees_and_recovers_a_deleted_post(client, editor, bobs_deleted_post):
    client.force_login(editor)
    assert "Bob&#x27;s post" in client.get("/admin/blog/post/recover/").content.decode()
    assert 'href="/admin/blog/post/recover/"' in client.get("/admin/blog/post/").content.decode()
    url = f"/admin/blog/post/recover/{bobs_deleted_post.pk}/"
    assert client.get(url).status_code == 200
    assert not Post.objects.filter(pk=bobs_deleted_post.object_id).exists()  # looking is not doing
    deleted = bobs_deleted_post._object_version.object
    data = post_form(
        deleted,
        author=deleted.author_id,
        status=deleted.status,
        published_at_0=deleted.published_at.strftime("%Y-%m-%d"),
        published_at_1=deleted.published_at.strftime("%H:%M:%S"),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    recovered = Post.objects.get(pk=bobs_deleted_post.object_id)
    assert recovered.status == Post.Status.PUBLISHED
    assert recovered.author_id == deleted.author_id


def test_recover_refuses_a_version_of_another_model(client, editor, make_credential):
    credential = make_credential()
    version = saved_as(editor, credential)
    credential.delete()
    client.force_login(editor)
    assert client.get(f"/admin/blog/post/recover/{version.pk}/").status_code == 404
    assert client.post(f"/admin/blog/post/recover/{version.pk}/", {}).status_code == 404
    assert not Credential.objects.filter(pk=version.object_id).exists()


def test_recover_refuses_a_version_of_an_object_that_still_exists(client, editor, post):
    version = saved_as(editor, post, body="An older text.")
    saved_as(editor, post, body="The newest text.")
    client.force_login(editor)
    response = client.post(f"/admin/blog/post/recover/{version.pk}/", {})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.body == "The newest text."


def test_author_cannot_open_a_version_of_someone_elses_post(
    client, author, editor, second_author, make_post
):
    bobs = make_post(title="Bob's", slug="bobs", author=second_author, status=Post.Status.DRAFT)
    version = saved_as(editor, bobs, published_at=None)
    before = row(bobs)
    client.force_login(author.user)
    url = f"/admin/blog/post/{bobs.pk}/history/{version.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, post_form(bobs, title="Mine now")).status_code == 404
    assert row(bobs) == before


def test_a_version_of_another_post_does_not_open_under_my_post(
    client, author, editor, second_author, make_post
):
    mine = make_post(title="Mine", slug="mine", status=Post.Status.DRAFT, published_at=None)
    bobs = make_post(title="Bob's", slug="bobs", author=second_author)
    version = saved_as(editor, bobs)
    client.force_login(author.user)
    url = f"/admin/blog/post/{mine.pk}/history/{version.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, post_form(mine)).status_code == 404
    assert Post.objects.get(pk=bobs.pk).status == Post.Status.PUBLISHED


def test_a_version_of_another_model_does_not_open_under_a_post_with_the_same_id(
    client, author, editor, make_credential, make_post
):
    credential = make_credential()
    version = saved_as(editor, credential)
    # Alice's draft post has the same primary key as her credential.
    mine = make_post(pk=credential.pk, status=Post.Status.DRAFT, published_at=None)
    client.force_login(author.user)
    url = f"/admin/blog/post/{mine.pk}/history/{version.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, post_form(mine)).status_code == 404


def test_authors_revert_restores_the_text_but_not_the_publishing_fields(
    client, author, alices_unpublished_post
):
    post, published = alices_unpublished_post
    client.force_login(author.user)
    url = f"/admin/blog/post/{post.pk}/history/{published.pk}/"
    response = client.post(url, post_form(post, body="The old text."))
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert post.body == "The old text."
    assert post.status == Post.Status.DRAFT
    assert post.published_at is None
    assert post.author == author


def test_authors_revert_preview_shows_the_current_publishing_fields(
    client, author, alices_unpublished_post
):
    post, published = alices_unpublished_post
    client.force_login(author.user)
    page = client.get(f"/admin/blog/post/{post.pk}/history/{published.pk}/").content.decode()
    assert "The old text." in page.split('id="id_body"')[1].split("</textarea>")[0]
    status = re.search(r'field-status.*?<div class="readonly">(.*?)</div>', page, re.S).group(1)
    assert status == "Draft"
    assert row(post)["body"] == "The new text."


def test_editors_revert_restores_the_publishing_fields(client, editor, alices_unpublished_post):
    post, published = alices_unpublished_post
    client.force_login(editor)
    url = f"/admin/blog/post/{post.pk}/history/{published.pk}/"
    page = client.get(url).content.decode()
    assert 'value="published" selected' in page
    when = timezone.localtime(PUBLISHED_AT)
    data = post_form(
        post,
        body="The old text.",
        author=post.author_id,
        status="published",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert client.post(url, data).status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert post.body == "The old text."


def test_reverting_my_post_leaves_the_other_posts_of_that_revision_alone(
    client, author, editor, second_author, make_post
):
    """A bulk action keeps one revision for all its posts; a revert is of one post only."""
    mine = make_post(title="Mine", slug="mine", status=Post.Status.DRAFT, published_at=None)
    bobs = make_post(title="Bob's", slug="bobs", author=second_author, status=Post.Status.DRAFT)
    client.force_login(editor)
    for action, selected in [
        ("publish", [mine.pk, bobs.pk]),
        ("unpublish", [mine.pk, bobs.pk]),  # the revision Alice goes back to
        ("publish", [bobs.pk]),
    ]:
        data = {"action": action, "_selected_action": selected}
        assert client.post("/admin/blog/post/", data).status_code == 302
    unpublished = Version.objects.get_for_object(mine).first()
    assert unpublished.revision.version_set.count() == 2
    bobs_before = row(bobs)
    assert bobs_before["status"] == Post.Status.PUBLISHED

    client.force_login(author.user)
    url = f"/admin/blog/post/{mine.pk}/history/{unpublished.pk}/"
    assert client.get(url).status_code == 200
    mine.refresh_from_db()
    assert client.post(url, post_form(mine, body="Back to this.")).status_code == 302
    assert row(bobs) == bobs_before
    mine.refresh_from_db()
    # Unpublishing leaves it Unpublished (not a draft); her revert keeps that status.
    assert (mine.status, mine.body) == (Post.Status.UNPUBLISHED, "Back to this.")


# --- Credentials ---------------------------------------------------------------


@pytest.fixture
def revoked_credential(editor, make_credential):
    """Alice's credential, verified by an editor (the old version), then revoked."""
    credential = make_credential(abbreviation="LMFT", title="Licensed Therapist")
    credential.mark_verified(editor)
    verified = saved_as(editor, credential)
    credential.clear_verification()
    saved_as(editor, credential, title="Licensed Marriage Therapist")
    return credential, verified


def test_author_cannot_reverify_her_credential_through_recover(client, author, revoked_credential):
    credential, verified = revoked_credential
    client.force_login(author.user)
    url = f"/admin/authors/credential/recover/{verified.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, credential_form(credential)).status_code == 403
    credential.refresh_from_db()
    assert not credential.verified and credential.verified_at is None


def test_authors_revert_of_her_credential_keeps_it_unverified(client, author, revoked_credential):
    credential, verified = revoked_credential
    client.force_login(author.user)
    url = f"/admin/authors/credential/{credential.pk}/history/{verified.pk}/"
    assert client.get(url).status_code == 200
    data = credential_form(credential, title="Licensed Therapist")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    credential.refresh_from_db()
    assert credential.title == "Licensed Therapist"
    assert not credential.verified and credential.verified_at is None
    assert credential.author == author


def test_author_cannot_revert_someone_elses_credential(
    client, author, editor, second_author, make_credential
):
    bobs = make_credential(author=second_author, abbreviation="PhD", title="Doctor")
    version = saved_as(editor, bobs)
    client.force_login(author.user)
    url = f"/admin/authors/credential/{bobs.pk}/history/{version.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, credential_form(bobs, author=author.pk)).status_code == 404
    assert Credential.objects.get(pk=bobs.pk).author == second_author


def test_editor_recovers_a_deleted_credential(client, editor, make_credential):
    credential = make_credential(abbreviation="PhD", title="Doctor")
    version = saved_as(editor, credential)
    credential.delete()
    client.force_login(editor)
    assert "PhD" in client.get("/admin/authors/credential/recover/").content.decode()
    url = f"/admin/authors/credential/recover/{version.pk}/"
    data = credential_form(credential)
    del data["verified"]
    assert client.post(url, data).status_code == 302
    assert Credential.objects.get(pk=version.object_id).abbreviation == "PhD"


# --- Author profiles (credentials inline) ------------------------------------


@pytest.fixture
def profile_with_history(author, editor, make_credential):
    """
    Alice's profile, saved by an editor when her credential was verified and
    her profile inactive under another slug (the old version); since then
    the credential was revoked and the profile reactivated.
    """
    credential = make_credential(abbreviation="LMFT", title="Licensed Therapist")
    credential.mark_verified(editor)
    credential.save()
    old = saved_as(editor, author, headline="The old headline", slug="old-slug", is_active=False)
    assert old.revision.version_set.count() == 2  # the profile and its credential
    credential.clear_verification()
    credential.save()
    saved_as(editor, author, headline="The new headline", slug="alice-rivera", is_active=True)
    return author, credential, old


def test_authors_revert_of_her_profile_restores_only_what_she_may_type(
    client, profile_with_history
):
    author, credential, old = profile_with_history
    user_id = author.user_id
    client.force_login(author.user)
    url = f"/admin/authors/author/{author.pk}/history/{old.pk}/"
    page = client.get(url).content.decode()
    assert 'value="The old headline"' in page
    data = profile_form(
        author,
        credentials=[{"id": credential.pk, "abbreviation": "LMFT", "title": "Licensed Therapist"}],
        headline="The old headline",
        slug="old-slug",
        is_active="",
        user="",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    author.refresh_from_db()
    credential.refresh_from_db()
    assert author.headline == "The old headline"
    assert (author.slug, author.is_active, author.user_id) == ("alice-rivera", True, user_id)
    assert not credential.verified and credential.verified_at is None


def test_author_cannot_open_someone_elses_profile_version(client, author, editor, second_author):
    version = saved_as(editor, second_author, headline="Bob's headline")
    client.force_login(author.user)
    url = f"/admin/authors/author/{second_author.pk}/history/{version.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, profile_form(second_author)).status_code == 404
    assert client.get("/admin/authors/author/recover/").status_code == 403


def test_authors_revert_preview_brings_back_a_deleted_credential_unverified(
    client, profile_with_history
):
    author, credential, old = profile_with_history
    pk = credential.pk
    credential.delete()  # deleted since the old version; she may add credentials
    client.force_login(author.user)
    page = client.get(f"/admin/authors/author/{author.pk}/history/{old.pk}/").content.decode()
    assert 'value="Licensed Therapist"' in page
    assert "Verified by" not in page
    assert not Credential.objects.filter(pk=pk).exists()


# --- A preview changes nothing -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_revision_preview_leaves_the_database_as_it_was(client, editor, profile_with_history):
    """reversion reverts inside a transaction it rolls back: check on a real commit."""
    author, credential, old = profile_with_history
    before = (row(author), row(credential), Version.objects.count())
    client.force_login(editor)
    response = client.get(f"/admin/authors/author/{author.pk}/history/{old.pk}/")
    assert response.status_code == 200
    assert 'value="old-slug"' in response.content.decode()
    assert (row(author), row(credential), Version.objects.count()) == before


# --- History after the bulk publish action -------------------------------------


def test_history_of_posts_published_together_opens_with_their_own_compare_links(
    client, editor, make_post
):
    first = make_post(status=Post.Status.DRAFT, published_at=None)
    second = make_post(status=Post.Status.DRAFT, published_at=None)
    client.force_login(editor)
    for post in (first, second):
        saved_as(editor, post, body=f"An edit of {post.title}.")
    publish = {"action": "publish", "_selected_action": [first.pk, second.pk]}
    assert client.post("/admin/blog/post/", publish).status_code == 302
    for post in (first, second):
        response = client.get(f"/admin/blog/post/{post.pk}/history/")
        assert response.status_code == 200
        links = re.findall(r'href="([^"]*/history/compare/[^"]*)"', response.content.decode())
        assert len(links) == 1
        own = set(Version.objects.get_for_object(post).values_list("pk", flat=True))
        old, new = map(int, re.search(r"old=(\d+)&amp;new=(\d+)", links[0]).groups())
        assert {old, new} <= own and old < new
        compare = client.get(links[0].replace("&amp;", "&"))
        assert compare.status_code == 200
        assert "+ Published" in compare.content.decode()  # the status by its label


def test_history_shows_no_revert_links_to_who_may_only_view(client, author, editor, make_post):
    post = make_post(title="Alice published", slug="alice-published")
    version = saved_as(editor, post, body="A newer text.")
    client.force_login(author.user)
    page = client.get(f"/admin/blog/post/{post.pk}/history/").content.decode()
    assert f"/history/{version.pk}/" not in page
    assert client.get(f"/admin/blog/post/{post.pk}/history/{version.pk}/").status_code == 403


def test_profile_fixture_versions_are_of_author_and_credential(profile_with_history):
    _, _, old = profile_with_history
    models = {version._model for version in old.revision.version_set.all()}
    assert models == {Author, Credential}


@pytest.mark.parametrize("model", ["blog/post", "authors/author", "authors/credential"])
def test_editors_and_superusers_see_the_deleted_objects_authors_do_not(
    client, author, editor, django_user_model, model
):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-1-boss")
    for user, expected in [(author.user, 403), (editor, 200), (boss, 200)]:
        client.force_login(user)
        assert client.get(f"/admin/{model}/recover/").status_code == expected, user


def test_editor_recovers_a_deleted_profile_with_its_verified_credential(
    client, author, editor, make_credential
):
    credential = make_credential(abbreviation="LMFT", title="Licensed Therapist")
    credential.mark_verified(editor)
    credential.save()
    version = saved_as(editor, author)
    author_pk, credential_pk, user_id = author.pk, credential.pk, author.user_id
    author.delete()  # and its credentials with it
    client.force_login(editor)
    url = f"/admin/authors/author/recover/{version.pk}/"
    page = client.get(url).content.decode()
    assert 'value="Licensed Therapist"' in page
    assert not Author.objects.filter(pk=author_pk).exists()
    author.pk = author_pk
    data = profile_form(
        author,
        credentials=[{"id": credential_pk, "abbreviation": "LMFT", "title": "Licensed Therapist",
                      "verified": "on"}],
        slug=author.slug,
        user=user_id,
        is_active="on",
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    recovered = Credential.objects.get(pk=credential_pk)
    assert recovered.author_id == author_pk and recovered.is_verified
    assert Author.objects.get(pk=author_pk).user_id == user_id
