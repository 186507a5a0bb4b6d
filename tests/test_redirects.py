"""
Redirects keep old links alive (core.Redirect, core.redirects).

A public page whose address changes leaves a permanent redirect behind;
chains are one hop; an address taken again by a live object wins; editors
keep redirects in the admin, where loops and malformed paths are refused;
readers are sent on with their query string, and every hit is counted.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from authors.models import Author
from blog.models import Post
from core.models import Redirect
from core.redirect_paths import RedirectPathError, normalise_new_path, normalise_old_path

from .admin_forms import unchanged_submission

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/core/redirect/add/"


def move(obj, slug: str):
    obj.slug = slug
    obj.save()
    return obj


def targets() -> dict[str, str]:
    return dict(Redirect.objects.values_list("old_path", "new_path"))


# --- Automatic redirects --------------------------------------------------------


def test_published_posts_new_slug_redirects_the_old_address_keeping_the_query(client, make_post):
    post = make_post(slug="old-title")
    move(post, "new-title")

    response = client.get("/blog/old-title/?utm_source=newsletter&page=2")

    assert response.status_code == 301
    assert response["Location"] == "/blog/new-title/?utm_source=newsletter&page=2"
    redirect = Redirect.objects.get(old_path="/blog/old-title/")
    assert redirect.source == Redirect.Source.AUTOMATIC
    assert redirect.hits == 1 and redirect.last_hit_at is not None
    assert client.get("/blog/new-title/").status_code == 200


def test_every_hit_is_counted(client, make_post):
    move(make_post(slug="counted"), "counted-now")
    for _ in range(3):
        client.get("/blog/counted/")
    assert Redirect.objects.get(old_path="/blog/counted/").hits == 3


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.REVIEW])
def test_unpublished_posts_slug_change_leaves_no_redirect(make_post, status):
    move(make_post(slug="nobody-has-this", status=status), "still-private")
    assert not Redirect.objects.exists()


def test_scheduled_posts_slug_change_leaves_no_redirect(make_post):
    post = make_post(slug="not-yet", published_at=timezone.now() + timedelta(days=2))
    move(post, "still-not-yet")
    assert not Redirect.objects.exists()


def test_an_unchanged_save_or_a_deletion_leaves_no_redirect(make_post):
    post = make_post(slug="stays")
    post.title = "A better title"
    post.save()
    post.delete()
    assert not Redirect.objects.exists()


def test_a_chain_collapses_to_one_hop(client, make_post):
    post = make_post(slug="a")
    move(post, "b")
    move(post, "c")

    assert targets() == {"/blog/a/": "/blog/c/", "/blog/b/": "/blog/c/"}
    assert client.get("/blog/a/")["Location"] == "/blog/c/"


def test_changing_a_slug_back_removes_the_redirect_from_it(client, make_post):
    post = make_post(slug="first")
    move(post, "second")
    move(post, "first")

    assert targets() == {"/blog/second/": "/blog/first/"}
    assert client.get("/blog/first/").status_code == 200


def test_a_new_post_taking_an_old_slug_is_served_and_the_redirect_goes(client, make_post):
    move(make_post(slug="taken-again"), "moved-away")
    newcomer = make_post(slug="taken-again-draft", status=Post.Status.DRAFT, title="Newcomer")
    move(newcomer, "taken-again")
    # A draft is nobody's page yet: readers are still sent on.
    assert client.get("/blog/taken-again/").status_code == 301

    newcomer.status = Post.Status.PUBLISHED
    newcomer.save()

    assert not Redirect.objects.filter(old_path="/blog/taken-again/").exists()
    response = client.get("/blog/taken-again/")
    assert response.status_code == 200 and b"Newcomer" in response.content


def test_categorys_new_slug_redirects_its_page_and_feeds(client, category):
    old = category.slug
    move(category, "new-category")

    assert targets() == {
        f"/blog/category/{old}/": "/blog/category/new-category/",
        f"/blog/category/{old}/feed/": "/blog/category/new-category/feed/",
        f"/blog/category/{old}/feed/atom/": "/blog/category/new-category/feed/atom/",
    }
    assert client.get(f"/blog/category/{old}/feed/")["Location"].endswith("new-category/feed/")


def test_tags_new_slug_redirects_its_page(client, tag):
    old = tag.slug
    move(tag, "new-tag")
    response = client.get(f"/blog/tag/{old}/")
    assert response.status_code == 301 and response["Location"] == "/blog/tag/new-tag/"


def test_authors_new_slug_redirects_profile_feeds_and_booking_link(client, author):
    old = author.slug
    move(author, "maya-okafor-lmft")

    assert targets() == {
        f"/authors/{old}/": "/authors/maya-okafor-lmft/",
        f"/authors/{old}/feed/": "/authors/maya-okafor-lmft/feed/",
        f"/authors/{old}/feed/atom/": "/authors/maya-okafor-lmft/feed/atom/",
        f"/authors/{old}/book/": "/authors/maya-okafor-lmft/book/",
    }
    assert client.get(f"/authors/{old}/").status_code == 301


def test_inactive_authors_slug_change_leaves_no_redirect(author):
    Author.objects.filter(pk=author.pk).update(is_active=False)
    author.refresh_from_db()
    move(author, "gone-quiet")
    assert not Redirect.objects.exists()


def test_a_page_cached_at_the_old_address_is_not_served_after_the_move(client, make_post, settings):
    settings.PAGE_CACHE_CLOCK_SKEW = 0  # store the page rendered right after the post's save
    post = make_post(slug="cached-old")
    assert client.get("/blog/cached-old/").status_code == 200
    assert client.get("/blog/cached-old/")["X-Page-Cache"] == "hit"

    move(post, "cached-new")

    assert client.get("/blog/cached-old/").status_code == 301


def test_a_404_seen_before_a_redirect_existed_is_not_cached(client, make_post):
    make_post(slug="landing")
    assert client.get("/old-landing/").status_code == 404
    Redirect.objects.create(old_path="/old-landing/", new_path="/blog/landing/")
    assert client.get("/old-landing/").status_code == 301


# --- Serving ---------------------------------------------------------------------


def test_imported_permalink_that_matches_no_url_is_redirected(client, make_post):
    make_post(slug="imported")
    Redirect.objects.record_move(
        "https://old-blog.example/2019/05/imported.html?p=12", "/blog/imported/", source="import"
    )

    response = client.get("/2019/05/imported.html?ref=x")

    assert response.status_code == 301 and response["Location"] == "/blog/imported/?ref=x"
    assert Redirect.objects.get().source == Redirect.Source.IMPORT


def test_several_old_paths_of_one_page_lead_to_it_in_one_hop(client, make_post):
    make_post(slug="moved")
    Redirect.objects.create(old_path="/older/", new_path="/2019/05/moved/")  # led to an old path
    kept = Redirect.objects.create(old_path="/?p=7", new_path="/elsewhere/", hits=4)
    Redirect.objects.create(old_path="/blog/moved/", new_path="/somewhere/")  # leaves the new one

    made = Redirect.objects.record_moves(
        ["/2019/05/moved/", "/?p=7", "/2019/05/moved/"], "/blog/moved/", source="import"
    )

    assert made == 2
    assert {str(redirect) for redirect in Redirect.objects.all()} == {
        "/2019/05/moved/ → /blog/moved/",
        "/?p=7 → /blog/moved/",
        "/older/ → /blog/moved/",
    }
    kept.refresh_from_db()
    assert kept.hits == 4 and kept.source == Redirect.Source.IMPORT
    assert client.get("/older/")["Location"] == "/blog/moved/"
    assert client.get("/blog/moved/").status_code == 200


def test_old_address_without_its_slash_is_one_hop(client, make_post):
    move(make_post(slug="no-slash"), "with-slash")
    response = client.get("/blog/no-slash")
    assert response.status_code == 301 and response["Location"] == "/blog/with-slash/"


def test_temporary_redirect_answers_302(client):
    Redirect.objects.create(old_path="/for-now/", new_path="/search/", is_permanent=False)
    response = client.get("/for-now/?q=anxiety")
    assert response.status_code == 302 and response["Location"] == "/search/?q=anxiety"


def test_query_string_joins_a_target_that_has_its_own(client):
    Redirect.objects.create(old_path="/old-search/", new_path="/search/?q=couples#results")
    response = client.get("/old-search/?page=2")
    assert response["Location"] == "/search/?q=couples&page=2#results"


def test_a_live_page_wins_over_a_redirect_from_its_address(client, make_post):
    make_post(slug="alive")
    Redirect.objects.create(old_path="/blog/alive/", new_path="/search/")
    assert client.get("/blog/alive/").status_code == 200
    assert Redirect.objects.get().hits == 0


def test_a_post_to_an_old_address_is_not_redirected(client):
    Redirect.objects.create(old_path="/old-form/", new_path="/search/")
    assert client.post("/old-form/").status_code == 404


def test_another_sites_https_address_is_a_target(client):
    Redirect.objects.create(old_path="/moved-out/", new_path="https://partner.example/article")
    assert client.get("/moved-out/")["Location"] == "https://partner.example/article"


def test_a_redirected_404_costs_few_queries(client, make_post, django_assert_max_num_queries):
    """The 404 page (latest posts) is not rendered only to be thrown away."""
    move(make_post(slug="cheap-old"), "cheap-new")
    # The post lookup, the redirect's, and the hit counter's UPDATE.
    with django_assert_max_num_queries(3):
        assert client.get("/blog/cheap-old/").status_code == 301


def test_an_unknown_address_without_a_redirect_still_gets_the_404_page(client):
    response = client.get("/blog/never-was/")
    assert response.status_code == 404 and b"search" in response.content.lower()


# --- Rules of the model ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("/blog/old/", "/blog/old/"),
        ("blog/old/", "/blog/old/"),
        ("  /blog/old/  ", "/blog/old/"),
        ("/blog/old/?p=12#top", "/blog/old/"),
        ("https://old-blog.example/2019/05/post.html", "/2019/05/post.html"),
        ("/blog/café/", "/blog/caf%C3%A9/"),
        ("/blog/caf%c3%a9/", "/blog/caf%C3%A9/"),
        ("/blog/x/../y/", "/blog/y/"),
    ],
)
def test_old_paths_are_stored_one_way(typed, stored):
    assert normalise_old_path(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "/", "https://old.example/", "/a b/", "/a\nb/"])
def test_old_paths_that_are_no_path_are_refused(typed):
    with pytest.raises(RedirectPathError):
        normalise_old_path(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("/blog/new/", "/blog/new/"),
        ("blog/new/", "/blog/new/"),
        ("/search/?q=café", "/search/?q=caf%C3%A9"),
        ("https://partner.example/a", "https://partner.example/a"),
    ],
)
def test_new_paths_are_stored_as_a_browser_reads_them(typed, stored):
    assert normalise_new_path(typed) == stored


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://partner.example/",
        "https://user:secret@partner.example/",
        "/.//evil.example/x",
        "",
    ],
)
def test_new_paths_that_lead_nowhere_safe_are_refused(hostile):
    with pytest.raises(RedirectPathError):
        normalise_new_path(hostile)


@pytest.mark.parametrize("hostile", ["//evil.example/x", "/\\evil.example/x", "https:\\\\evil.ex"])
def test_addresses_a_browser_reads_as_another_host_are_not_paths_here(hostile):
    # They are another site's address (https), never a path of this one.
    assert normalise_new_path(hostile).startswith("https://evil.ex")


def test_a_redirect_to_its_own_old_path_is_refused():
    redirect = Redirect(old_path="/same/", new_path="/same/?x=1")
    with pytest.raises(ValidationError, match="its own old path"):
        redirect.full_clean()


def test_a_redirect_to_a_redirected_address_goes_straight_to_the_end():
    Redirect.objects.create(old_path="/b/", new_path="/c/")
    redirect = Redirect(old_path="/a/", new_path="/b/")
    redirect.full_clean()
    assert redirect.new_path == "/c/" and redirect.collapsed_from == "/b/"


def test_redirects_that_led_to_a_new_redirects_old_path_now_skip_it():
    Redirect.objects.create(old_path="/a/", new_path="/b/")
    redirect = Redirect(old_path="/b/", new_path="/c/")
    redirect.full_clean()
    redirect.save()
    assert targets() == {"/a/": "/c/", "/b/": "/c/"}


# --- The admin ----------------------------------------------------------------------


def test_editor_renaming_a_published_posts_slug_in_the_admin_leaves_a_redirect(
    client, editor, make_post
):
    post = make_post(slug="admin-old")
    client.force_login(editor)
    url = reverse("admin:blog_post_change", args=[post.pk])
    data = unchanged_submission(client.get(url).content.decode(), "post_form")
    data["slug"] = "admin-new"

    assert client.post(url, data).status_code == 302

    client.logout()
    response = client.get("/blog/admin-old/")
    assert response.status_code == 301 and response["Location"] == "/blog/admin-new/"


def test_editor_adds_a_redirect_and_readers_are_sent_on(client, editor, make_post):
    make_post(slug="where-it-lives")
    client.force_login(editor)
    response = client.post(
        ADD_URL, {"old_path": "old-home-of-it", "new_path": "/blog/where-it-lives/"}
    )
    assert response.status_code == 302
    redirect = Redirect.objects.get()
    assert redirect.old_path == "/old-home-of-it"
    assert redirect.source == Redirect.Source.MANUAL and redirect.created_by == editor
    assert not redirect.is_permanent  # the box was left unticked
    client.logout()
    assert client.get("/old-home-of-it").status_code == 302


def test_editor_is_refused_a_loop_with_a_clear_message_and_keeps_what_was_typed(client, editor):
    Redirect.objects.create(old_path="/x/", new_path="/y/")
    client.force_login(editor)

    response = client.post(ADD_URL, {"old_path": "/y/", "new_path": "/x/", "is_permanent": "on"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "round in a circle" in page
    assert 'value="/x/"' in page
    assert Redirect.objects.count() == 1


@pytest.mark.parametrize(
    ("new_path", "message"),
    [
        ("/same/", "its own old path"),
        ("javascript:alert(1)", "https://"),
        ("http://partner.example/", "https://"),
    ],
)
def test_editor_is_refused_malformed_input_with_a_message(client, editor, new_path, message):
    client.force_login(editor)
    response = client.post(ADD_URL, {"old_path": "/same/", "new_path": new_path})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Redirect.objects.exists()


def test_editor_is_told_when_a_target_was_collapsed(client, editor):
    Redirect.objects.create(old_path="/b/", new_path="/c/")
    client.force_login(editor)
    response = client.post(ADD_URL, {"old_path": "/a/", "new_path": "/b/"}, follow=True)
    assert "sends readers straight there" in response.content.decode()
    assert targets()["/a/"] == "/c/"


def test_editor_sees_hits_and_filters_by_source(client, editor, make_post):
    move(make_post(slug="seen"), "seen-now")
    client.get("/blog/seen/")
    Redirect.objects.create(old_path="/typed/", new_path="/search/")
    client.force_login(editor)

    page = client.get("/admin/core/redirect/?source__exact=automatic").content.decode()

    assert "/blog/seen/" in page and "/typed/" not in page
    assert "Last hit" in page


@pytest.mark.parametrize(
    "url", ["/admin/core/redirect/", ADD_URL, "/admin/core/redirect/{pk}/change/"]
)
def test_authors_are_refused_the_redirect_admin(client, author_user, url):
    redirect = Redirect.objects.create(old_path="/a/", new_path="/b/")
    client.force_login(author_user)
    assert client.get(url.format(pk=redirect.pk)).status_code == 403
    assert client.post(ADD_URL, {"old_path": "/z/", "new_path": "/b/"}).status_code == 403
    assert Redirect.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("admin:core_redirect_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
