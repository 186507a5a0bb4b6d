"""
Site search. Runs on whichever database DATABASE_URL names: SQLite (FTS5) by
default, PostgreSQL (tsvector + GIN) when the production job points it there;
both must give the results asserted here.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from blog import search as post_search
from blog.models import Post


def ids(response) -> list[int]:
    """The posts the reader sees in the results, in order (read from their title links)."""
    urls = re.findall(
        r'<h2 class="search-result__title"><a href="([^"]+)">', response.content.decode()
    )
    by_url = {post.get_absolute_url(): post.pk for post in Post.objects.all()}
    return [by_url[url] for url in urls]


def result_count(response) -> int:
    return response.content.decode().count('<li class="search-result">')


@pytest.fixture
def corpus(make_post):
    """A title hit, an excerpt hit and a body hit for "jealousy", plus hidden ones."""
    return {
        "body": make_post(
            title="Weekend routines that help",
            body="Slow mornings matter.\n\nSometimes jealousy creeps in when plans change.",
        ),
        "title": make_post(
            title="Jealousy in new relationships",
            body="Feelings like this are common early on.",
        ),
        "excerpt": make_post(
            title="Talking about money",
            excerpt="When jealousy shows up over spending.",
            body="Budgets are about values.",
        ),
        "unrelated": make_post(title="Sleep and mood", body="Rest well."),
        "draft": make_post(
            title="Jealousy draft", body="jealousy jealousy", status=Post.Status.DRAFT
        ),
        "scheduled": make_post(
            title="Jealousy scheduled",
            body="jealousy",
            published_at=timezone.now() + timedelta(days=3),
        ),
    }


def test_search_uses_the_backend_of_the_database(db):
    """Both engines exist: whichever runs, its index must be there."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'blog_post_fts'")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = %s",
                [post_search.POSTGRES_INDEX_NAME],
            )
        assert cursor.fetchone() is not None


def test_search_is_served_by_the_index_not_a_table_scan(make_post):
    make_post(title="Trust")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM blog_post_fts WHERE blog_post_fts MATCH %s",
                ['"trust"'],
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan
            return
        cursor.execute("SET LOCAL enable_seqscan = off")
    from django.contrib.postgres.search import SearchQuery

    plan = (
        Post.objects.annotate(search=post_search.search_vector())
        .filter(search=SearchQuery("trust", config=post_search.SEARCH_CONFIG))
        .explain()
    )
    assert post_search.POSTGRES_INDEX_NAME in plan


def test_title_hit_ranks_above_excerpt_hit_above_body_hit(client, corpus):
    response = client.get("/search/", {"q": "jealousy"})
    assert response.status_code == 200
    assert ids(response) == [corpus["title"].pk, corpus["excerpt"].pk, corpus["body"].pk]


def test_drafts_and_scheduled_posts_are_never_found(client, corpus):
    for q in ["jealousy", "draft", "scheduled", "jealousy draft", "jealousy scheduled"]:
        found = ids(client.get("/search/", {"q": q}))
        assert corpus["draft"].pk not in found
        assert corpus["scheduled"].pk not in found


def test_every_word_must_match(client, corpus):
    assert ids(client.get("/search/", {"q": "jealousy money"})) == [corpus["excerpt"].pk]
    assert ids(client.get("/search/", {"q": "jealousy zebra"})) == []


def test_words_are_stemmed_and_stop_words_ignored(client, make_post):
    post = make_post(title="Fair fighting", body="Every argument has two sides.")
    make_post(title="Other", body="Nothing to see.")
    assert ids(client.get("/search/", {"q": "the arguments"})) == [post.pk]


def test_index_follows_edits_and_deletes(client, make_post):
    post = make_post(title="Attachment styles", body="Anxious and avoidant.")
    assert ids(client.get("/search/", {"q": "attachment"})) == [post.pk]
    post.title = "Secure bonds"
    post.save()
    assert ids(client.get("/search/", {"q": "attachment"})) == []
    assert ids(client.get("/search/", {"q": "secure"})) == [post.pk]
    post.delete()
    assert ids(client.get("/search/", {"q": "secure"})) == []


def test_a_post_becomes_findable_when_its_schedule_arrives(client, make_post):
    post = make_post(title="Boundaries", published_at=timezone.now() + timedelta(hours=1))
    assert ids(client.get("/search/", {"q": "boundaries"})) == []
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert ids(client.get("/search/", {"q": "boundaries"})) == [post.pk]


def test_results_show_the_matching_passage_with_terms_marked(client, make_post):
    filler = " ".join(["calm"] * 80)
    make_post(title="Long read", body=f"{filler} the word forgiveness sits here. {filler}")
    response = client.get("/search/", {"q": "forgiveness"})
    html = response.content.decode()
    assert "<mark>forgiveness</mark> sits here" in html
    assert "… " in html  # the passage starts in the middle, so it says so


def test_results_are_paginated_ten_a_page_keeping_the_query(client, make_post):
    for number in range(12):
        make_post(title=f"Listening well {number}")
    first = client.get("/search/", {"q": "listening"})
    assert result_count(first) == 10
    assert 'href="?q=listening&amp;page=2"' in first.content.decode()
    second = client.get("/search/", {"q": "listening", "page": 2})
    assert result_count(second) == 2
    assert set(ids(first)).isdisjoint(ids(second))


HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<mark>fake</mark>",
]


@pytest.mark.parametrize("hostile", HOSTILE_TEXT)
def test_highlighting_escapes_hostile_text(client, make_post, hostile):
    make_post(title=f"{hostile} honesty", body=f"`{hostile}` honesty in a code span")
    response = client.get("/search/", {"q": "honesty"})
    html = response.content.decode()
    assert response.status_code == 200
    assert hostile not in html
    assert "<mark>honesty</mark>" in html or "<mark>Honesty</mark>" in html


def test_highlight_only_adds_mark_elements():
    html = post_search.highlight("Trust & <b>trusting</b> others", ["trust"])
    assert html == "<mark>Trust</mark> &amp; &lt;b&gt;<mark>trusting</mark>&lt;/b&gt; others"


ODD_QUERIES = [
    "",
    "   ",
    '"',
    '""""',
    "'",
    "AND OR NOT",
    "trust*",
    "*",
    "NEAR(trust love)",
    "title:trust",
    "{title}: trust",
    "(",
    ")",
    "-trust",
    "^trust",
    "trust OR",
    "\\",
    "%_%",
    "'; DROP TABLE blog_post; --",
    "trust\x00love",
    "\x00",
    "a" * 5000,
    "trust " * 300,
    "信任 爱情",
    "ثقة",
    "доверие",
    "עברית",
    "😀🔥",
    "e\u0301",
    "\u202e\u200b",
    "x" * 300,
]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_give_a_clear_page_never_a_500(client, make_post, q):
    make_post(title="Trust and love", body="доверие 信任")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_an_empty_query_shows_the_search_page(client, make_post):
    make_post(title="Trust")
    response = client.get("/search/")
    assert response.status_code == 200
    assert result_count(response) == 0
    assert "Search" in response.content.decode()


def test_a_query_with_no_words_says_so(client, db):
    html = client.get("/search/", {"q": '"" ** ()'}).content.decode()
    assert "could not find any words to look for" in html


def test_a_too_long_query_is_shortened_and_says_so(client, make_post):
    post = make_post(title="Trust")
    response = client.get("/search/", {"q": "trust " + "x" * 400})
    html = response.content.decode()
    assert "first 200 characters" in html
    assert post.pk not in ids(response)  # the long word is still required


def test_search_box_is_in_every_page_header_and_keeps_the_query(client, post):
    for url in ["/", post.get_absolute_url(), "/authors/"]:
        html = client.get(url).content.decode()
        assert 'action="/search/"' in html
    html = client.get("/search/", {"q": "rebuilding <b>"}).content.decode()
    assert 'value="rebuilding &lt;b&gt;"' in html


def test_search_results_ask_not_to_be_indexed(client, post):
    response = client.get("/search/", {"q": "trust"})
    assert response.headers["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("count", [3, 25])
def test_search_page_query_count_does_not_grow_with_results(
    client, make_post, category, django_assert_max_num_queries, count
):
    """Authors, their credentials and categories are not fetched per result (N+1)."""
    for number in range(count):
        make_post(title=f"Repair {number}", categories=[category])
    # ids, posts with authors, their categories, their authors' credentials
    with django_assert_max_num_queries(5):
        response = client.get("/search/", {"q": "repair"})
    assert result_count(response) == min(count, 10)


def test_rebuild_command_restores_an_index_changed_behind_djangos_back(client, make_post):
    import io

    from django.core.management import call_command

    post = make_post(title="Attunement")
    Post.objects.filter(pk=post.pk).update(title="Repair attempts")  # no signal fires
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert ids(client.get("/search/", {"q": "repair"})) == [post.pk]
    assert ids(client.get("/search/", {"q": "attunement"})) == []
