"""The whole-page cache: served only while nothing it shows changed, never personal."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from core.page_cache import bump

from .conftest import in_a_second, sleep_until


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    # Tests change data and read pages within microseconds of each other.
    settings.PAGE_CACHE_CLOCK_SKEW = 0


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def warm(client, url):
    """Render and store a page, and check the next request is a hit."""
    first = get(client, url)
    assert first["X-Page-Cache"] == "miss", url
    second = get(client, url)
    assert second["X-Page-Cache"] == "hit", url
    assert second.content == first.content
    return second


def is_hit(client, url) -> bool:
    return get(client, url).get("X-Page-Cache") == "hit"


@pytest.fixture
def site(make_post, category, tag, other_author):
    """Two posts by Alice in one category and tag, one by Ben elsewhere."""
    first = make_post(title="First post", categories=[category], tags=[tag])
    second = make_post(title="Second post", categories=[category], tags=[tag])
    third = make_post(title="Ben's post", author=other_author)
    return first, second, third


def public_urls(first, category, tag, author):
    return [
        "/",
        first.get_absolute_url(),
        category.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        "/authors/",
    ]


def test_warm_cache_answers_anonymous_gets_with_no_query(
    client, site, category, tag, author, django_assert_max_num_queries
):
    """A hit is two cache reads: not one database query, not even the session's."""
    urls = public_urls(site[0], category, tag, author)
    for url in urls:
        warm(client, url)
    for url in urls:
        with django_assert_max_num_queries(0):
            assert get(client, url)["X-Page-Cache"] == "hit"


def test_cacheable_page_tells_browsers_and_cdns_how_long(client, site):
    response = get(client, site[0].get_absolute_url())
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=600"}
    assert response["ETag"] and response["Last-Modified"]


@pytest.mark.parametrize("state", ["miss", "hit"])
def test_if_none_match_gets_304(client, site, state):
    url = site[0].get_absolute_url()
    etag = get(client, url)["ETag"]
    if state == "hit":
        assert is_hit(client, url)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_editing_a_post_refreshes_its_page_and_the_lists_showing_it(
    client, site, category, tag, author
):
    first = site[0]
    urls = public_urls(first, category, tag, author)[:5]
    for url in urls:
        warm(client, url)
    first.title = "First post, retitled"
    first.save()
    for url in urls:
        response = get(client, url)
        assert response["X-Page-Cache"] == "miss", url
        assert "First post, retitled" in response.content.decode(), url


def test_editing_a_post_leaves_pages_that_do_not_show_it_cached(client, site):
    first, second, third = site
    warm(client, third.get_absolute_url())
    warm(client, "/authors/")
    # Ben's post links only its neighbour in time (the second post) and has no
    # related posts: the first post is nowhere on it.
    first.title = "First post, retitled"
    first.save()
    assert is_hit(client, third.get_absolute_url())
    assert is_hit(client, "/authors/")
    second.title = "Second post, retitled"
    second.save()
    assert "Second post, retitled" in get(client, third.get_absolute_url()).content.decode()


def test_editing_an_author_refreshes_bylines_cards_and_profile(client, site, author):
    first, _, third = site
    urls = ["/", first.get_absolute_url(), author.get_absolute_url(), "/authors/"]
    for url in urls:
        warm(client, url)
    warm(client, third.get_absolute_url())
    author.name = "Alice R. Rivera"
    author.save()
    for url in urls:
        assert "Alice R. Rivera" in get(client, url).content.decode(), url
    # Ben's post does not show Alice.
    assert is_hit(client, third.get_absolute_url())


@pytest.mark.parametrize("model_fixture", ["category", "tag"])
def test_renaming_a_category_or_tag_refreshes_pages_showing_it(
    client, site, request, model_fixture
):
    obj = request.getfixturevalue(model_fixture)
    first, _, third = site
    urls = [first.get_absolute_url(), obj.get_absolute_url()]
    if model_fixture == "category":
        urls.append("/")  # cards name their categories, not their tags
    for url in urls:
        warm(client, url)
    warm(client, third.get_absolute_url())
    obj.name = "Renamed archive"
    obj.save()
    for url in urls:
        assert "Renamed archive" in get(client, url).content.decode(), url
    assert is_hit(client, third.get_absolute_url())


def test_deleting_a_category_refreshes_pages_showing_it(client, site, category):
    first = site[0]
    warm(client, first.get_absolute_url())
    warm(client, "/")
    category.delete()
    assert category.name not in get(client, first.get_absolute_url()).content.decode()
    assert category.name not in get(client, "/").content.decode()


def test_changing_a_related_post_refreshes_the_post_page_listing_it(client, site):
    first, second, third = site
    first.related_posts.set([third])
    url = first.get_absolute_url()
    # Jinja2 (markupsafe) writes an apostrophe as &#39;, Django's escape as &#x27;.
    assert "Ben&#39;s post" in warm(client, url).content.decode()
    third.title = "Ben's retitled post"
    third.save()
    assert "Ben&#39;s retitled post" in get(client, url).content.decode()
    # Picking another related post is a change to the post itself.
    assert is_hit(client, url)
    first.related_posts.clear()
    assert "retitled" not in get(client, url).content.decode()


def test_unpublishing_a_hand_picked_related_post_refreshes_the_page(client, site, make_post):
    first = site[0]
    picked = make_post(title="Hand-picked elsewhere")
    first.related_posts.set([picked])
    url = first.get_absolute_url()
    assert picked.title in warm(client, url).content.decode()
    picked.status = Post.Status.DRAFT
    picked.save()
    assert picked.title not in get(client, url).content.decode()
    picked.status = Post.Status.PUBLISHED
    picked.save()
    assert picked.title in get(client, url).content.decode()


def test_new_post_in_a_category_appears_in_cached_lists_and_related(
    client, site, category, make_post
):
    first = site[0]
    for url in ["/", category.get_absolute_url(), first.get_absolute_url()]:
        warm(client, url)
    # Not in the category yet, but the newest post: the first post's page now
    # links it as the next post.
    new = make_post(title="Brand new post", published_at=timezone.now() - timedelta(minutes=1))
    assert "Next post" in get(client, first.get_absolute_url()).content.decode()
    assert "Brand new post" in get(client, "/").content.decode()
    new.categories.add(category)
    assert "Brand new post" in get(client, category.get_absolute_url()).content.decode()
    assert "Brand new post" in get(client, first.get_absolute_url()).content.decode()


def test_removing_a_tag_from_a_post_refreshes_its_archive(client, site, tag):
    first = site[0]
    warm(client, tag.get_absolute_url())
    first.tags.remove(tag)
    assert "First post" not in get(client, tag.get_absolute_url()).content.decode()


def test_deleting_a_post_removes_it_from_cached_lists(client, site, author):
    first = site[0]
    for url in ["/", author.get_absolute_url()]:
        warm(client, url)
    first.delete()
    for url in ["/", author.get_absolute_url()]:
        assert "First post" not in get(client, url).content.decode()


def test_scheduled_post_appears_on_time_on_a_cached_home_page(client, site, author, make_post):
    scheduled = make_post(title="Scheduled one", published_at=in_a_second())
    assert "Scheduled one" not in warm(client, "/").content.decode()
    assert "Scheduled one" not in warm(client, author.get_absolute_url()).content.decode()
    sleep_until(scheduled.published_at)
    # Nothing was saved: the cached pages simply ended when the post went live.
    assert "Scheduled one" in get(client, "/").content.decode()
    assert "Scheduled one" in get(client, author.get_absolute_url()).content.decode()
    assert get(client, scheduled.get_absolute_url()).status_code == 200


def test_bump_is_the_public_way_to_refresh_a_post_page(client, site):
    """What the comments app calls when it approves a comment."""
    url = site[0].get_absolute_url()
    warm(client, url)
    bump(f"post:{site[0].pk}")
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_held_and_spam_comments_leave_the_cached_post_page_alone_until_one_is_shown(client, site):
    post, url = site[0], site[0].get_absolute_url()
    warm(client, url)
    held = Comment.objects.create(
        post=post, name="Maya", body="Thank you, this helped.", status=Comment.Status.PENDING
    )
    Comment.objects.create(post=post, name="Bot", body="Cheap pills.", status=Comment.Status.SPAM)
    assert is_hit(client, url)  # a spam flood does not render the page again

    held.status = Comment.Status.APPROVED
    held.save()
    shown = get(client, url)
    assert shown["X-Page-Cache"] == "miss" and "Thank you, this helped." in shown.text

    assert is_hit(client, url)
    filed = Comment.objects.get(pk=held.pk)  # as stored: approved, on the page
    filed.status = Comment.Status.SPAM
    filed.save()
    gone = get(client, url)
    assert gone["X-Page-Cache"] == "miss" and "Thank you, this helped." not in gone.text


# --- Nothing personal is shared ---------------------------------------------


def test_logged_in_page_is_never_stored_nor_served_to_anonymous(client, site, editor):
    url = site[0].get_absolute_url()
    client.force_login(editor)
    response = get(client, url)
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Page-Cache" not in response
    client.logout()
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_logged_in_user_is_never_served_the_anonymous_copy(client, site, editor):
    first = site[0]
    url = first.get_absolute_url()
    warm(client, url)
    client.force_login(editor)
    response = get(client, url)
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_staff_preview_of_a_cached_url_stays_private(client, site, editor):
    first = site[0]
    url = first.get_absolute_url()
    warm(client, url)
    first.status = Post.Status.DRAFT
    first.save()
    client.force_login(editor)
    preview = get(client, url)
    assert "Draft preview" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_visitor_with_a_personal_cookie_bypasses_the_cache(client, site, cookie):
    url = site[0].get_absolute_url()
    warm(client, url)
    client.cookies[cookie] = "something-of-theirs"
    response = get(client, url)
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_cookie_list_in_settings_is_honoured(client, site, settings):
    """The comments app adds its own cookie (e.g. a pending comment) to this list."""
    settings.PAGE_CACHE_PRIVATE_COOKIES = ["messages", "comment_pending"]
    url = site[0].get_absolute_url()
    warm(client, url)
    client.cookies["comment_pending"] = "1"
    assert "X-Page-Cache" not in get(client, url)


@pytest.mark.urls("tests.urls_page_cache")
@pytest.mark.parametrize("url", ["/t/csrf/", "/t/nonce/", "/t/cookie/", "/t/gzip/"])
def test_page_using_a_csrf_token_nonce_cookie_or_encoding_is_not_cached(client, db, url):
    for _ in range(2):
        response = get(client, url)
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.urls("tests.urls_page_cache")
def test_page_whose_data_changed_while_rendering_is_not_stored(client, db):
    for _ in range(2):
        assert get(client, "/t/race/")["X-Page-Cache"] == "miss"


@pytest.mark.urls("tests.urls_page_cache")
def test_a_plain_public_page_is_cached_and_bumps_reach_it(client, db):
    warm(client, "/t/plain/")
    bump("test-page")
    assert get(client, "/t/plain/")["X-Page-Cache"] == "miss"


@pytest.mark.urls("tests.urls_page_cache")
def test_post_to_a_public_page_is_neither_served_nor_stored(client, db):
    warm(client, "/t/plain/")
    response = client.post("/t/plain/")
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.urls("tests.urls_page_cache")
def test_head_is_answered_from_the_cache(client, db):
    warm(client, "/t/plain/")
    assert client.head("/t/plain/")["X-Page-Cache"] == "hit"


def test_public_pages_render_no_csrf_token_and_no_nonce(client, site, category, tag, author):
    for url in public_urls(site[0], category, tag, author):
        response = get(client, url)
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html and "nonce" not in html, url
        assert "nonce-" not in response["Content-Security-Policy"], url
        assert "Set-Cookie" not in response, url


def test_disabled_cache_renders_every_time(client, site, settings):
    settings.PAGE_CACHE_ENABLED = False
    url = site[0].get_absolute_url()
    for _ in range(2):
        assert "X-Page-Cache" not in get(client, url)


def test_bypass_header_only_works_when_allowed(client, site, settings):
    url = site[0].get_absolute_url()
    warm(client, url)
    assert is_hit(client, url)
    assert get(client, url, HTTP_X_PAGE_CACHE="bypass")["X-Page-Cache"] == "hit"
    settings.PAGE_CACHE_ALLOW_BYPASS = True
    assert "X-Page-Cache" not in get(client, url, HTTP_X_PAGE_CACHE="bypass")


def test_pages_still_render_when_the_cache_server_is_down(client, site, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache server unreachable")

    for method in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(cache, method, down)
    for _ in range(2):
        response = get(client, site[0].get_absolute_url())
        assert "First post" in response.content.decode()


def test_unpublishing_in_the_admin_takes_the_cached_post_page_down(client, site, editor):
    """The admin's bulk action, not only a model save, reaches the page cache."""
    first = site[0]
    warm(client, first.get_absolute_url())
    admin = Client()
    admin.force_login(editor)
    admin.post("/admin/blog/post/", {"action": "unpublish", "_selected_action": [first.pk]})
    assert client.get(first.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/blog/category/trust/feed/"])
def test_feeds_are_cached_and_follow_their_posts(client, site, url):
    first = site[0]
    warm(client, url)
    assert is_hit(client, url)
    first.title = "First post, renamed for the feed"
    first.save()
    assert "First post, renamed for the feed" in get(client, url).content.decode()


def test_an_expired_credential_loses_its_mark_on_cached_pages_by_itself(
    client, site, author, monkeypatch
):
    """No save happens when a licence expires: every page showing its mark ends at midnight."""
    from authors.models import Credential
    from core import page_cache

    today = timezone.localdate()
    Credential.objects.create(
        author=author,
        abbreviation="LPC",
        title="Licensed Professional Counselor",
        verified=True,
        verified_at=timezone.now(),
        expires_on=today,
    )
    # The mark is on the post page and the profile (cards show abbreviations only).
    urls = [site[0].get_absolute_url(), author.get_absolute_url()]
    for url in urls:
        assert "verified by the editors" in warm(client, url).content.decode().lower(), url
    # A minute after local midnight, in the site's clock and the cache's.
    after_midnight = timezone.make_aware(
        timezone.datetime.combine(today + timedelta(days=1), timezone.datetime.min.time())
    ) + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after_midnight)
    monkeypatch.setattr(page_cache.time, "time", lambda: after_midnight.timestamp())
    for url in urls:
        html = get(client, url).content.decode()
        assert "verified by the editors" not in html.lower(), url
        assert "LPC" in html, url  # still listed, no longer marked


# --- Query strings -----------------------------------------------------------------


def stored_page_count() -> int:
    """How many whole pages the shared cache holds (local memory or Redis)."""
    from django.core.cache import cache

    backend = cache._cache
    if isinstance(backend, dict):  # LocMemCache
        return sum("pagecache:page:" in key for key in backend)
    client = backend.get_client(None, write=False)  # RedisCache
    return len(client.keys(f"*{cache.make_key('pagecache:page:')}*"))


JUNK_QUERIES = [
    "?utm_source=x",
    "?x=123",
    "?utm_source=a&utm_medium=b",
    "?utm_medium=b&utm_source=a",
    "?x=1&x=2",
    "?fbclid=abc123&gclid=zzz",
    "?",
    "?&&",
]


def test_junk_query_strings_are_served_the_cached_page_and_store_nothing(client, site):
    url = site[0].get_absolute_url()
    cached = warm(client, url)
    pages = stored_page_count()
    for number, query in enumerate([*JUNK_QUERIES, *(f"?junk{n}={n}" for n in range(50))]):
        response = get(client, url + query)
        assert response["X-Page-Cache"] == "hit", (number, query)
        assert response.content == cached.content
    assert stored_page_count() == pages


def test_junk_beside_a_parameter_the_page_uses_shares_that_parameters_page(client, site, settings):
    settings.PAGE_CACHE_TIMEOUT = 60
    first = get(client, "/?page=1")
    assert first["X-Page-Cache"] == "miss"
    pages = stored_page_count()
    for query in ["/?page=1&utm_source=x", "/?utm_source=y&page=1", "/?page=1&x=1&x=2"]:
        assert get(client, query)["X-Page-Cache"] == "hit", query
    assert stored_page_count() == pages


@pytest.mark.parametrize("query", ["?page=1", "?cpage=2", "?replytocom=1"])
def test_parameters_a_page_uses_still_get_their_own_cached_page(client, site, query):
    url = "/" if query == "?page=1" else site[0].get_absolute_url()
    warm(client, url)
    pages = stored_page_count()
    assert get(client, url + query)["X-Page-Cache"] == "miss"
    assert stored_page_count() == pages + 1
    assert get(client, url + query + "&utm_source=x")["X-Page-Cache"] == "hit"


def test_the_page_key_is_made_of_the_parameters_pages_read_in_any_order(rf, db):
    from core.page_cache import _page_key

    def key(query: str) -> str:
        return _page_key(rf.get("/search/" + query))

    assert key("?q=trust&page=2&utm_source=x") == key("?page=2&x=1&q=trust")
    assert key("?q=trust&q=love") == key("?q=love")  # the value views read: the last
    assert key("?q=trust") != key("?q=love") != key("?q=love&page=2")
    assert key("?utm_source=x") == key("")
