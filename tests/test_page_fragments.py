"""
Cached fragments of a post page: when one thing on a page changes, only its
part is rendered again, and a reused part is never out of date or personal.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authors.models import Credential
from blog.models import Post
from comments.models import Comment
from core.page_cache import bump

from .comment_helpers import post_comment
from .conftest import in_a_second, sleep_until


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0


@pytest.fixture
def site(make_post, category, tag, author):
    # Verified: only credentials an editor verified reach the byline.
    Credential.objects.create(
        author=author, abbreviation="LMFT", title="Licensed therapist", verified=True,
        verified_at=timezone.now(),
    )  # fmt: skip
    first = make_post(
        title="First post",
        categories=[category],
        tags=[tag],
        published_at=timezone.now() - timedelta(days=2),
    )
    second = make_post(
        title="Second post",
        categories=[category],
        tags=[tag],
        published_at=timezone.now() - timedelta(days=1),
    )
    return first, second


TOKEN = re.compile(r'name="token" value="[^"]*"')


def approve(post, body: str, **fields) -> Comment:
    comment = Comment(post=post, name="Reader", email="r@example.org", body=body, **fields)
    comment.status = Comment.Status.APPROVED
    comment.attach_to(None)
    comment.save()
    return comment


def page(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def credential_queries(queries) -> int:
    return sum("authors_credential" in query["sql"] for query in queries)


def test_a_new_comment_renders_the_comment_list_again_but_not_the_article(
    client, site, django_assert_max_num_queries
):
    first = site[0]
    url = first.get_absolute_url()
    assert page(client, url)["X-Page-Cache"] == "miss"
    approve(first, "A brand new approved comment.")
    # Only the comment threads are read: the post, its byline, related posts
    # and links are reused.
    with CaptureQueriesContext(connection) as queries:
        response = page(client, url)
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert "A brand new approved comment." in html
    assert "1 Response to First post" in html
    assert "LMFT" in html  # the reused byline
    assert credential_queries(queries.captured_queries) == 0
    assert len(queries.captured_queries) == 2


def test_a_page_miss_that_changed_nothing_needs_no_query(
    client, site, django_assert_max_num_queries
):
    """The same post at another address (its first comment page, named) reuses every fragment."""
    first = site[0]
    approve(first, "An approved comment.")
    full = page(client, first.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(0):
        response = page(client, first.get_absolute_url() + "?cpage=1")
    assert response["X-Page-Cache"] == "miss"
    assert response.content.decode() == full


def test_renaming_the_author_shows_in_the_reused_page(client, site, author):
    url = site[0].get_absolute_url()
    page(client, url)
    author.name = "Alice Rivera-Stone"
    author.save()
    assert "Alice Rivera-Stone" in page(client, url + "?again").content.decode()


def test_a_newly_verified_credential_shows_in_the_byline_of_a_cached_post(client, site, author):
    url = site[0].get_absolute_url()
    page(client, url)
    Credential.objects.create(
        author=author, abbreviation="PhD", title="Doctor of Philosophy", verified=True,
        verified_at=timezone.now(),
    )  # fmt: skip
    assert "LMFT, PhD" in page(client, url).content.decode()


def test_renaming_a_related_post_shows_in_the_links_of_a_reused_page(client, site):
    first, second = site
    url = first.get_absolute_url()
    assert "Second post" in page(client, url).content.decode()
    # A page put together from cached fragments, cached in turn.
    # (?cpage=1: the same page at a page key of its own.)
    assert page(client, url + "?cpage=1")["X-Page-Cache"] == "miss"
    assert page(client, url + "?cpage=1")["X-Page-Cache"] == "hit"
    second.title = "Second post, retitled"
    second.save()
    # Only the retitled post's own tag changed: the reused links fragment told
    # the page it showed that post.
    for address in (url, url + "?cpage=1"):
        assert "Second post, retitled" in page(client, address).content.decode()


def test_a_post_published_later_appears_in_the_links_of_every_cached_post(
    client, site, make_post, category
):
    first, second = site
    url = second.get_absolute_url()
    assert "Next post" not in page(client, url).content.decode()
    make_post(title="Third post", categories=[category], published_at=timezone.now())
    html = page(client, url).content.decode()
    assert "Next post" in html and "Third post" in html


def test_a_scheduled_post_appears_in_the_links_on_time_without_a_save(client, site, make_post):
    second = site[1]
    scheduled = make_post(title="Scheduled third", published_at=in_a_second())
    url = second.get_absolute_url()
    assert "Scheduled third" not in page(client, url).content.decode()
    sleep_until(scheduled.published_at)
    # A new URL: the whole page misses, and the links fragment has expired by itself.
    assert "Scheduled third" in page(client, url + "?later").content.decode()


def test_a_fragment_whose_data_changed_while_rendering_is_not_kept(client, site, monkeypatch):
    """Another worker saves the post while this one renders its article."""
    from blog.models import Post as PostModel

    first = site[0]
    url = first.get_absolute_url()
    original = PostModel.featured_picture.fget

    def save_elsewhere_mid_render(post):
        bump(f"post:{post.pk}")
        return original(post)

    monkeypatch.setattr(PostModel, "featured_picture", property(save_elsewhere_mid_render))
    page(client, url)
    monkeypatch.undo()
    with CaptureQueriesContext(connection) as queries:
        page(client, url + "?next")
    # The post was read and its article rendered again (its byline read the
    # credentials), not reused.
    assert credential_queries(queries.captured_queries) == 1


def test_a_held_comment_shown_to_its_writer_never_reaches_another_reader(client, site):
    first = site[0]
    url = first.get_absolute_url()
    page(client, url)
    writer = Client()
    response = post_comment(writer, first, body="Please hold this one for moderation.")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "awaiting moderation" in page(writer, url).content.decode()
    for address in (url, url + "?other"):
        html = page(Client(), address).content.decode()
        assert "Please hold this one" not in html
        assert "awaiting moderation" not in html


def test_an_editor_form_with_a_csrf_token_is_never_shared(client, site, editor):
    url = site[0].get_absolute_url()
    staff = Client()
    staff.force_login(editor)
    html = page(staff, url).content.decode()
    assert "csrfmiddlewaretoken" in html and "Logged in as" in html
    html = page(client, url + "?after-staff").content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "Logged in as" not in html
    assert "Your email address will not be published." in html


def test_a_draft_preview_shares_no_fragment(client, site, editor, make_post):
    draft = make_post(title="Secret draft", status=Post.Status.DRAFT, published_at=None)
    staff = Client()
    staff.force_login(editor)
    assert "Secret draft" in page(staff, draft.get_absolute_url()).content.decode()
    draft.status = Post.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    response = page(client, draft.get_absolute_url())
    assert "Draft preview" not in response.content.decode()


def test_with_nothing_cached_the_page_is_the_same(client, site, settings):
    """The benchmark's "bypass-all": a full render, identical to the fragments' page."""
    settings.PAGE_CACHE_ALLOW_BYPASS = True
    first = site[0]
    approve(first, "An approved comment.")
    url = first.get_absolute_url()
    cached = page(client, url, HTTP_X_PAGE_CACHE="bypass").content
    with CaptureQueriesContext(connection) as queries:
        full = page(client, url, HTTP_X_PAGE_CACHE="bypass-all").content
    # Only the comment form's per-render token differs.
    assert TOKEN.sub("", full.decode()) == TOKEN.sub("", cached.decode())
    assert credential_queries(queries.captured_queries) == 1


def test_a_cached_post_stops_offering_the_form_when_comments_close_by_themselves(
    client, settings, make_post
):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    closes_at = in_a_second()
    post = make_post(title="Closing soon", published_at=closes_at - timedelta(days=3))
    url = post.get_absolute_url()
    assert "Leave a Reply" in page(client, url).content.decode()
    assert page(client, url)["X-Page-Cache"] == "hit"
    sleep_until(closes_at)
    html = page(client, url).content.decode()
    assert "Comments are closed." in html
    assert "Leave a Reply" not in html


def test_a_scheduled_post_is_not_found_until_it_goes_live_then_shown(client, site, make_post):
    scheduled = make_post(title="Not yet", published_at=in_a_second())
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    sleep_until(scheduled.published_at)
    assert "Not yet" in page(client, scheduled.get_absolute_url()).content.decode()


def test_an_unpublished_post_is_gone_although_its_copy_was_cached(client, site):
    first = site[0]
    url = first.get_absolute_url()
    page(client, url)
    page(client, url + "?copy")
    first.status = Post.Status.DRAFT
    first.save()
    for address in (url, url + "?copy", url + "?new"):
        assert client.get(address).status_code == 404, address


def test_renaming_the_clinical_reviewer_shows_on_the_reused_post_page(client, site, other_author):
    first = site[0]
    first.reviewed_by = other_author
    first.reviewed_on = timezone.localdate()
    first.save()
    url = first.get_absolute_url()
    assert "Reviewed by" in page(client, url).content.decode()
    assert "Ben Cole" in page(client, url + "?copy").content.decode()
    other_author.name = "Benjamin Cole"
    other_author.save()
    for address in (url, url + "?copy", url + "?new"):
        assert "Benjamin Cole" in page(client, address).content.decode(), address


def test_renaming_a_tag_reaches_the_structured_data_of_a_reused_page(client, site, tag):
    url = site[0].get_absolute_url()
    assert '"keywords": ["conflict"]' in page(client, url).content.decode()
    tag.name = "repair"
    tag.save()
    for address in (url, url + "?copy"):
        html = page(client, address).content.decode()
        assert '"keywords": ["repair"]' in html, address
        assert '"keywords": ["conflict"]' not in html, address


def test_the_reply_form_names_the_comment_as_it_is_now(client, site):
    first = site[0]
    comment = approve(first, "Worth answering.")
    url = f"{first.get_absolute_url()}?replytocom={comment.pk}"
    assert "Leave a Reply to Reader" in page(client, url).content.decode()
    comment.name = "Renamed Reader"
    comment.save()
    assert "Leave a Reply to Renamed Reader" in page(client, url + "&again").content.decode()


def test_list_pages_reuse_cards_and_still_show_each_change(client, site, author, category):
    urls = ["/", category.get_absolute_url(), author.get_absolute_url()]
    for url in urls:
        assert "First post" in page(client, url).content.decode()
    # The same cards under other addresses: put together from cached cards.
    for url in urls:
        assert "First post" in page(client, url + "?utm_source=x").content.decode()
    first = site[0]
    first.excerpt = "A fresh summary for the card."
    first.save()
    author.name = "Alice Rivera-Stone"
    author.save()
    for url in urls:
        for address in (url, url + "?utm_source=x", url + "?new"):
            html = page(client, address).content.decode()
            assert "A fresh summary for the card." in html, address
            assert "Alice Rivera-Stone" in html, address
