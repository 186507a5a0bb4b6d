"""
What a page costs in queries when the page cache cannot answer it (issue 19):
a page miss with fresh fragments reuses the list's rows and the post's
suggested therapists, a list reads no long text, and a logged-in editor's
post page asks about her groups once.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authors.models import FocusArea
from blog.models import Post

from .directory_people import therapist


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    settings.PAGE_CACHE_ALLOW_BYPASS = True  # as make bench and make profile run


MISS = {"HTTP_X_PAGE_CACHE": "bypass"}  # the page rendered again from fresh fragments


def page(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


@pytest.fixture
def posts(make_post, category, tag):
    return [
        make_post(
            title=f"Post {number}",
            categories=[category],
            tags=[tag],
            published_at=timezone.now() - timedelta(days=number + 1),
        )
        for number in range(12)
    ]


@pytest.fixture
def anxiety(db) -> FocusArea:
    return FocusArea.objects.create(name="Anxiety", slug="anxiety")


@pytest.fixture
def suggested_post(make_post, anxiety):
    therapist("Ana Diaz", focus=[anxiety], licensed_in=["Oregon"])
    therapist("Bea Stone", focus=[anxiety], licensed_in=["Idaho"])
    post = make_post(title="When worry runs the house", slug="worry")
    post.focus_areas.set([anxiety])
    return post


def list_budgets(category, tag, author) -> dict[str, int]:
    """Each list page's queries on a miss: the archive it lists is still looked up."""
    return {
        "/": 0,
        "/?page=2": 0,
        category.get_absolute_url(): 1,
        tag.get_absolute_url(): 1,
        author.get_absolute_url(): 0,
    }


def test_a_list_page_miss_reads_nothing_again_while_its_posts_are_unchanged(
    client, posts, category, tag, author, django_assert_max_num_queries
):
    """
    The paginator's COUNT, the posts, their authors, categories and
    credentials were read once (and the author of an author page, with her
    credentials and lists' terms); a miss with fresh cards and rows reads
    none of them again.
    """
    for url, budget in list_budgets(category, tag, author).items():
        full = page(client, url).content
        with django_assert_max_num_queries(budget):
            again = page(client, url, **MISS)
        assert not again.has_header("X-Page-Cache")  # rendered, not the page cache's copy
        assert again.content == full


def test_a_kept_list_page_still_shows_each_change(client, posts, category, author, make_post):
    home, archive, profile = "/", category.get_absolute_url(), author.get_absolute_url()
    for url in (home, archive, profile):
        page(client, url)
    posts[0].title = "A retitled post"
    posts[0].save()
    newest = make_post(
        title="The newest post",
        categories=[category],
        published_at=timezone.now() - timedelta(minutes=1),
    )
    for url in (home, archive, profile):
        html = page(client, url, **MISS).content.decode()
        assert "A retitled post" in html and "The newest post" in html, url
    category.name = "A renamed category"
    category.save()
    assert "A renamed category" in page(client, home, **MISS).content.decode()
    author.headline = "A new headline"
    author.save()
    assert "A new headline" in page(client, profile, **MISS).content.decode()
    newest.status = Post.Status.DRAFT
    newest.save()
    for url in (home, archive, profile):
        assert "The newest post" not in page(client, url, **MISS).content.decode(), url


def test_a_kept_list_page_number_out_of_range_is_still_not_found(client, posts):
    assert client.get("/?page=9").status_code == 404
    assert client.get("/?page=9", **MISS).status_code == 404
    assert client.get("/?page=last").status_code == 200


def test_lists_read_no_long_text_and_no_body_one_by_one(client, posts, make_post, author):
    """
    The cards show the stored lead, never the body: the list's query leaves
    the long columns out, and a post whose lead is empty (a body of a
    heading alone) costs no query of its own for its deferred body.
    """
    make_post(
        title="Only a heading",
        body="## A heading",
        published_at=timezone.now() - timedelta(minutes=1),
    )
    for url in ("/", author.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_X_PAGE_CACHE="bypass-all")
        assert response.status_code == 200
        post_rows = [q["sql"] for q in queries.captured_queries if 'FROM "blog_post"' in q["sql"]]
        assert post_rows and not any('"body_html"' in sql for sql in post_rows), url
        assert not any('"blog_post"."body"' in sql for sql in post_rows), url
    assert "Only a heading" in response.content.decode()


def test_a_post_page_miss_reuses_its_suggested_therapists(
    client, suggested_post, django_assert_max_num_queries
):
    url = suggested_post.get_absolute_url()
    for address in (url, url + "?in=Oregon"):
        full = page(client, address).content
        assert b"Therapists who work with anxiety" in full
        with django_assert_max_num_queries(0):
            again = page(client, address, **MISS)
        assert again.content == full
    assert page(client, url + "?in=Idaho", **MISS).content.decode().count("Ana Diaz") == 0


@pytest.mark.parametrize("change", ["stops accepting", "new focus area", "licence verified"])
def test_the_kept_suggestions_follow_every_change_of_who_is_suggested(
    client, suggested_post, anxiety, change
):
    url = suggested_post.get_absolute_url()
    grief = FocusArea.objects.create(name="Grief", slug="grief")
    therapist("Cam Lee", focus=[grief])
    page(client, url)
    if change == "stops accepting":
        ana = suggested_post.focus_areas.get().authors.get(name="Ana Diaz")
        ana.accepting_clients = False
        ana.save()
        expected, gone = "Bea Stone", "Ana Diaz"
    elif change == "new focus area":
        # As the admin does: the post saved, then its focus areas.
        suggested_post.save()
        suggested_post.focus_areas.add(grief)
        expected, gone = "Cam Lee", None
    else:
        therapist("Dee Park", focus=[anxiety], licensed_in=["Utah"])
        expected, gone = "Utah", None
    html = page(client, url, **MISS).content.decode()
    assert expected in html
    assert gone is None or gone not in html.split('id="therapists"')[1]


def test_an_editor_viewing_a_post_is_asked_about_her_groups_once(client, editor, post):
    """
    The comment form asks whether she signs as "Editor" once, not once for
    each place that reads it (form, signature, the template's two tests).
    """
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = page(client, post.get_absolute_url())
    assert "Logged in as" in response.content.decode()
    group_checks = [q for q in queries.captured_queries if '"auth_group"."name"' in q["sql"]]
    assert len(group_checks) == 1, [q["sql"] for q in group_checks]
