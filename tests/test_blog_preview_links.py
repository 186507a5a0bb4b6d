"""Preview links: signed, expiring, revocable, private addresses of posts not yet public."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog import workflow
from blog.models import Post, PreviewLink, PreviewLinkOpening
from blog.models.previews import PREVIEW_LINK_SALT

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_post):
    return make_post(
        title="Attachment styles, revisited",
        slug="attachment-draft",
        body="Secret first paragraph.\n\nMore to come.",
        status=Post.Status.DRAFT,
        published_at=None,
    )


@pytest.fixture
def link(draft, author_user) -> PreviewLink:
    return PreviewLink.objects.create(post=draft, created_by=author_user)


def open_link(client, link_or_url, **extra):
    url = link_or_url if isinstance(link_or_url, str) else link_or_url.get_absolute_url()
    return client.get(url, **extra)


# --- What a visitor with the link sees ------------------------------------------


def test_visitor_without_login_sees_the_draft_while_its_public_address_is_not_found(
    client, draft, link
):
    response = open_link(client, link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Attachment styles, revisited" in html and "Secret first paragraph." in html
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_preview_shows_a_status_banner_saying_it_is_not_published(client, link):
    html = open_link(client, link).content.decode()
    banner = re.search(r'class="preview-banner" role="status">(.*?)</div>\s*</div>', html, re.S)
    assert banner and "Preview — not published" in banner[1]
    # The reviewer has no login: no link into the admin.
    assert "/admin/" not in banner[1]


def test_preview_is_neither_indexed_nor_followed(client, link):
    response = open_link(client, link)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert '<link rel="canonical"' not in response.content.decode()


def test_preview_is_never_stored_by_a_browser_or_shared_cache(client, link):
    cache_control = open_link(client, link)["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_preview_has_no_comment_form_and_no_comments(client, link):
    html = open_link(client, link).content.decode()
    assert "Leave a Reply" not in html and 'id="comments"' not in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.REVIEW, "published_at": None},
        {"status": Post.Status.UNPUBLISHED, "published_at": None},
        {"status": Post.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=3)},
    ],
    ids=["in-review", "unpublished", "scheduled"],
)
def test_posts_in_review_unpublished_or_scheduled_are_previewed(client, make_post, fields):
    post = make_post(title="Not yet out", **fields)
    response = open_link(client, PreviewLink.objects.create(post=post))
    assert response.status_code == 200
    assert "Preview — not published" in response.content.decode()


def test_link_to_a_post_now_published_sends_to_the_public_page(client, make_post):
    post = make_post(title="Out now")
    response = open_link(client, PreviewLink.objects.create(post=post))
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert PreviewLinkOpening.objects.count() == 0


def test_link_to_a_published_post_with_changes_waiting_shows_the_changes(
    client, make_post, author_user, editor
):
    post = make_post(title="Live title", body="The live text.")
    workflow.save_pending_revision(
        post, author_user, {"title": "New title", "body": "The *new* text."}
    )
    link = PreviewLink.objects.create(post=post, created_by=author_user)
    page = open_link(client, link).content.decode()
    assert "New title" in page and "The <em>new</em> text." in page and "The live text." not in page
    assert "Preview — changes not published" in page
    public = client.get(post.get_absolute_url()).content.decode()
    assert "The live text." in public and "new</em> text" not in public
    # Once the changes are approved, the link leads to the public page, which shows them.
    workflow.submit_for_review(post, author_user)
    workflow.publish(post, editor)
    response = open_link(client, link)
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert "The <em>new</em> text." in client.get(post.get_absolute_url()).content.decode()


def test_preview_answers_only_reading(client, link):
    assert client.post(link.get_absolute_url()).status_code == 405


def test_preview_page_needs_a_fixed_number_of_queries(client, link, django_assert_max_num_queries):
    """The post, its author, reviewer, categories and tags, and the opening log: no N+1."""
    with django_assert_max_num_queries(10):
        assert open_link(client, link).status_code == 200


# --- Signing ------------------------------------------------------------------


def test_token_is_stable_for_one_link_and_differs_between_links(draft, link):
    other = PreviewLink.objects.create(post=draft)
    assert link.token == PreviewLink.objects.get(pk=link.pk).token
    assert link.token != other.token


@pytest.mark.parametrize(
    "token_of",
    [
        lambda link: link.token[:-1] + ("A" if link.token[-1] != "A" else "B"),
        lambda link: signing.Signer(salt="comments.unsubscribe").sign_object(link.pk),
        lambda link: signing.dumps(link.pk, salt="another-salt"),
        lambda link: signing.Signer(salt=PREVIEW_LINK_SALT).sign_object(link.pk + 1),
        lambda link: signing.Signer(salt=PREVIEW_LINK_SALT).sign_object("1"),
        lambda link: str(link.pk),
        lambda link: "not-a-token",
    ],
    ids=["tampered", "other-salt", "dumps", "no-such-link", "not-a-pk", "bare-pk", "junk"],
)
def test_a_token_not_signed_for_an_existing_link_is_not_found(client, link, token_of):
    response = client.get(reverse("blog:preview", args=[token_of(link)]))
    assert response.status_code == 404
    assert "Attachment styles" not in response.content.decode()


# --- Expiry and revocation ---------------------------------------------------------


def test_expired_link_answers_gone_with_a_plain_explanation(client, link):
    PreviewLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    response = open_link(client, link)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This preview link has expired" in html
    assert "Ask the person who sent it to you for a new one." in html
    assert "Attachment styles" not in html and "Secret first paragraph" not in html
    assert "no-store" in response["Cache-Control"]


def test_revoked_link_answers_gone_with_a_plain_explanation(client, link, editor):
    link.revoke(editor)
    response = open_link(client, link)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This preview link was revoked" in html
    assert "Attachment styles" not in html
    assert PreviewLinkOpening.objects.count() == 0


def test_default_lifetime_is_seven_days(draft):
    link = PreviewLink.objects.create(post=draft)
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)
    assert link.is_active and str(link) == "Preview of “Attachment styles, revisited” (Active)"


# --- The page cache ---------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0


def cached_values_mentioning(text: str) -> list:
    """The keys of the shared cache (local memory or Redis) whose value holds ``text``."""
    backend = cache._cache
    if isinstance(backend, dict):  # LocMemCache: pickled values
        return [key for key, value in backend.items() if text.encode() in value]
    client = backend.get_client(None, write=False)  # RedisCache: pickled values too
    return [key for key in client.scan_iter() if text.encode() in (client.get(key) or b"")]


def test_preview_is_never_served_from_the_page_cache(client, draft, link, page_cache_on):
    first = open_link(client, link)
    assert "X-Page-Cache" not in first
    draft.title = "Attachment styles, rewritten"
    draft.save()
    second = open_link(client, link)
    assert "X-Page-Cache" not in second
    assert "Attachment styles, rewritten" in second.content.decode()


def test_no_page_or_fragment_of_a_preview_is_kept_in_the_shared_cache(
    client, draft, link, page_cache_on
):
    open_link(client, link)
    assert cached_values_mentioning("Secret first paragraph") == []


def test_preview_of_a_scheduled_post_leaks_nothing_into_public_pages(
    client, make_post, page_cache_on
):
    scheduled = make_post(
        title="Coming soon", published_at=timezone.now() + timedelta(days=1), body="Embargoed."
    )
    assert client.get("/").status_code == 200  # the home page is cached without it
    open_link(client, PreviewLink.objects.create(post=scheduled))
    assert "Coming soon" not in client.get("/").content.decode()
    assert cached_values_mentioning("Embargoed") == []


# --- The opening log ------------------------------------------------------------------


def test_each_opening_is_logged_without_address_or_user_agent(client, link, editor):
    open_link(client, link, HTTP_USER_AGENT="Reviewer's browser", REMOTE_ADDR="203.0.113.9")
    staff = Client()
    staff.force_login(editor)
    open_link(staff, link)
    openings = list(link.openings.order_by("opened_at"))
    assert [opening.user for opening in openings] == [None, editor]
    fields = {f.name for f in PreviewLinkOpening._meta.get_fields()}
    assert fields == {"id", "link", "opened_at", "user"}


def test_reloading_within_a_minute_is_not_logged_again(client, link, editor):
    open_link(client, link)
    open_link(client, link)
    assert link.openings.count() == 1
    link.openings.update(opened_at=timezone.now() - timedelta(minutes=2))
    open_link(client, link)
    assert link.openings.count() == 2


# --- Who makes and revokes links (admin) ---------------------------------------------


@pytest.fixture
def their_post(make_post, second_author):
    return make_post(
        title="Bob's secret draft", author=second_author, status=Post.Status.DRAFT,
        published_at=None,
    )  # fmt: skip


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


ADD_URL = "/admin/blog/previewlink/add/"


def add_link(client, post, valid_for="7d", **extra):
    data = {"post": post.pk, "valid_for": valid_for, "expires_at_0": "", "expires_at_1": ""}
    return client.post(ADD_URL, {**data, **extra})


def test_author_makes_a_link_to_her_own_draft_and_is_shown_its_address(author_user, draft):
    client = login(author_user)
    response = add_link(client, draft, valid_for="1h")
    link = PreviewLink.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:blog_previewlink_change", args=[link.pk])
    assert link.post == draft and link.created_by == author_user
    assert timedelta(minutes=59) < link.expires_at - timezone.now() <= timedelta(hours=1)
    page = client.get(response["Location"]).content.decode()
    assert f"http://testserver{link.get_absolute_url()}" in page


def test_author_cannot_make_a_link_to_another_authors_post_even_by_a_forged_post(
    author_user, their_post
):
    client = login(author_user)
    response = add_link(client, their_post)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not PreviewLink.objects.exists()
    # Nor is it offered when the post is named in the address.
    page = client.get(f"{ADD_URL}?post={their_post.pk}").content.decode()
    assert "Bob&#x27;s secret draft" not in page


def test_editor_makes_a_link_to_any_post(editor, their_post):
    response = add_link(login(editor), their_post, valid_for="30d")
    assert response.status_code == 302
    link = PreviewLink.objects.get()
    assert link.post == their_post and link.created_by == editor


def test_anonymous_visitor_cannot_make_a_link(client, draft):
    response = add_link(client, draft)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not PreviewLink.objects.exists()


def test_a_chosen_date_sets_the_expiry(author_user, draft):
    when = timezone.localtime() + timedelta(days=3)
    response = add_link(
        login(author_user), draft, valid_for="date",
        expires_at_0=when.strftime("%Y-%m-%d"), expires_at_1=when.strftime("%H:%M:%S"),
    )  # fmt: skip
    assert response.status_code == 302
    expires = PreviewLink.objects.get().expires_at
    assert abs(expires - when.replace(microsecond=0)) < timedelta(seconds=1)


@pytest.mark.parametrize(
    ("day", "message"),
    [("", "Give the date and time the link stops working."), ("2001-01-01", "in the future")],
)
def test_a_missing_or_past_date_is_refused_and_the_form_kept(author_user, draft, day, message):
    response = add_link(
        login(author_user), draft, valid_for="date", expires_at_0=day, expires_at_1="10:00:00"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert re.search(r'value="date"[^>]*checked', html)  # what was picked stays picked
    assert f'value="{day}"' in html
    assert not PreviewLink.objects.exists()


def test_author_revokes_her_own_link(author_user, link):
    client = login(author_user)
    url = reverse("admin:blog_previewlink_change", args=[link.pk])
    assert client.post(url, {"revoke": "on", "_save": "Save"}).status_code == 302
    link.refresh_from_db()
    assert link.state == PreviewLink.State.REVOKED and link.revoked_by == author_user


def test_author_cannot_see_or_revoke_another_authors_links(
    author_user, their_post, second_author_user
):
    theirs = PreviewLink.objects.create(post=their_post, created_by=second_author_user)
    client = login(author_user)
    assert "Bob&#x27;s secret draft" not in client.get("/admin/blog/previewlink/").content.decode()
    url = reverse("admin:blog_previewlink_change", args=[theirs.pk])
    assert client.get(url).status_code in (302, 403, 404)
    client.post(url, {"revoke": "on", "_save": "Save"})
    client.post(
        "/admin/blog/previewlink/",
        {"action": "revoke_selected", "_selected_action": [theirs.pk]},
    )
    theirs.refresh_from_db()
    assert theirs.is_active


def test_editor_revokes_links_with_the_list_action(editor, link, their_post):
    other = PreviewLink.objects.create(post=their_post)
    response = login(editor).post(
        "/admin/blog/previewlink/",
        {"action": "revoke_selected", "_selected_action": [link.pk, other.pk]},
    )
    assert response.status_code == 302
    assert set(PreviewLink.objects.values_list("revoked_by", flat=True)) == {editor.pk}


def test_list_shows_state_openings_and_last_opening(client, editor, link):
    open_link(client, link)
    page = login(editor).get("/admin/blog/previewlink/").content.decode()
    assert "Attachment styles, revisited" in page and "Active" in page
    assert '<td class="field-opening_count">1</td>' in page


def test_change_page_shows_who_opened_the_link(client, editor, link):
    open_link(client, link)
    page = login(editor).get(reverse("admin:blog_previewlink_change", args=[link.pk]))
    assert "Opened by someone without a login" in page.content.decode()


def test_post_change_form_offers_to_make_a_preview_link(author_user, draft):
    page = login(author_user).get(reverse("admin:blog_post_change", args=[draft.pk]))
    html = page.content.decode()
    assert f'href="{ADD_URL}?post={draft.pk}"' in html and "Create preview link" in html
    form = login(author_user).get(f"{ADD_URL}?post={draft.pk}").content.decode()
    assert f'<option value="{draft.pk}" selected>' in form
