"""RSS and Atom feeds, read back with feedparser as a feed reader would."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from blog.models import Post
from core import html_urls


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def hidden(make_post):
    return [
        make_post(title="Secret draft", slug="secret-draft", status=Post.Status.DRAFT),
        make_post(
            title="Future post",
            slug="future-post",
            published_at=timezone.now() + timedelta(days=2),
        ),
    ]


@pytest.mark.parametrize(
    ("url", "content_type"),
    [("/feed/", "application/rss+xml"), ("/feed/atom/", "application/atom+xml")],
)
def test_site_feeds_carry_the_twenty_newest_posts(client, make_post, url, content_type):
    posts = [make_post() for _ in range(25)]
    assert client.get(url).headers["Content-Type"].startswith(content_type)
    feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == [post.title for post in posts[:20]]


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feed_entries_have_every_field_with_absolute_urls(client, post, url):
    post.body = "A **bold** start.\n\n<script>alert(1)</script>\n\n[Link](/blog/other/)"
    post.save()
    feed = parse(client, url)
    (entry,) = feed.entries
    assert entry.title == "Rebuilding trust"
    assert entry.link == "http://testserver/blog/rebuilding-trust/"
    assert entry.author == "Alice Rivera"
    assert entry.published_parsed[:6] == post.published_at.utctimetuple()[:6]
    if url.endswith("atom/"):  # RSS 2.0 has no element for the update date
        assert "updated" in entry and entry.updated_parsed[:6] == post.updated_at.utctimetuple()[:6]
    assert {tag.term for tag in entry.tags} == {"Trust", "conflict"}
    body = entry.summary
    assert "<strong>bold</strong>" in body
    assert "<script" not in body and "alert(1)" not in body
    assert feed.feed.link.startswith("http://testserver/")


def test_feed_entries_never_carry_email_addresses(client, post, author_user):
    for url in ["/feed/", "/feed/atom/", "/authors/alice-rivera/feed/"]:
        content = client.get(url).content.decode()
        assert author_user.email not in content
        assert "@" not in content


@pytest.mark.parametrize(
    "url",
    [
        "/feed/",
        "/feed/atom/",
        "/blog/category/trust/feed/",
        "/blog/category/trust/feed/atom/",
        "/blog/tag/conflict/feed/",
        "/blog/tag/conflict/feed/atom/",
        "/authors/alice-rivera/feed/",
        "/authors/alice-rivera/feed/atom/",
    ],
)
def test_feeds_never_include_drafts_or_scheduled_posts(client, post, hidden, url):
    for hidden_post in hidden:
        hidden_post.categories.set(post.categories.all())
        hidden_post.tags.set(post.tags.all())
    feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == ["Rebuilding trust"]


def test_category_tag_and_author_feeds_hold_only_their_posts(
    client, make_post, post, other_author, category, tag
):
    make_post(title="By Ben", author=other_author)
    assert [e.title for e in parse(client, "/blog/category/trust/feed/").entries] == [
        "Rebuilding trust"
    ]
    assert [e.title for e in parse(client, "/blog/tag/conflict/feed/").entries] == [
        "Rebuilding trust"
    ]
    assert [e.title for e in parse(client, "/authors/ben-cole/feed/").entries] == ["By Ben"]
    assert parse(client, "/blog/category/trust/feed/").feed.title == "Trust · Common Ground"


@pytest.mark.parametrize(
    "url", ["/blog/category/nope/feed/", "/blog/tag/nope/feed/", "/authors/nope/feed/"]
)
def test_feeds_of_unknown_things_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_an_inactive_authors_feed_is_404(client, other_author):
    other_author.is_active = False
    other_author.save()
    assert client.get("/authors/ben-cole/feed/").status_code == 404


def test_a_control_character_in_a_post_does_not_break_the_feed(client, make_post):
    # (NUL cannot be stored at all on PostgreSQL, and forms refuse it.)
    make_post(title="Odd\x0bchars", body="Text with a \x0c form feed and \x1b escape.")
    for url in ["/feed/", "/feed/atom/"]:
        assert parse(client, url).entries[0].title == "Oddchars"


def test_pages_link_the_feeds_that_apply(client, post):
    site_feeds = ['href="/feed/"', 'href="/feed/atom/"']
    pages = {
        "/": [],
        "/blog/category/trust/": ['href="/blog/category/trust/feed/"'],
        "/blog/tag/conflict/": ['href="/blog/tag/conflict/feed/"'],
        "/authors/alice-rivera/": ['href="/authors/alice-rivera/feed/"'],
        post.get_absolute_url(): ['href="/authors/alice-rivera/feed/"'],
    }
    for url, own_feeds in pages.items():
        head = client.get(url).content.decode().split("</head>")[0]
        for link in site_feeds + own_feeds:
            assert link in head, (url, link)
        assert 'rel="alternate" type="application/rss+xml"' in head


@pytest.mark.parametrize("count", [2, 20])
def test_feed_query_count_does_not_grow_with_posts(
    client, make_post, category, tag, django_assert_max_num_queries, count
):
    """Authors, categories and tags are not fetched per entry (N+1)."""
    for _ in range(count):
        make_post(categories=[category], tags=[tag])
    # The entries with their categories and tags, once: what the page cache is
    # told the feed shows comes from the same posts (a miss only; a hit makes none).
    with django_assert_max_num_queries(3):
        client.get("/feed/")


NO_URLS = {
    "paragraphs": '<p>Just words &amp; a &#169; sign.</p>\n<h2 id="h-a">A</h2>',
    "list-and-quote": "<ul><li>one</li></ul><blockquote><p>two<br>three</p></blockquote>",
    "code": "<pre><code>a &lt; b</code></pre>",
    "footnote-ids": '<sup id="fnref-1">1</sup><ol class="footnotes"><li id="fn-1">x</li></ol>',
}


@pytest.mark.parametrize("html", NO_URLS.values(), ids=NO_URLS.keys())
def test_a_body_without_urls_comes_back_as_the_parser_would_give_it(html):
    assert not html_urls.may_hold_urls(html)
    rewriter = html_urls._Rewriter("https://h.example/blog/p/")
    rewriter.feed(html)
    rewriter.close()
    assert (
        html_urls.absolute_urls(html, "https://h.example/blog/p/") == "".join(rewriter.out) == html
    )


@pytest.mark.parametrize(
    "html",
    ['<a HREF="/x/">x</a>', '<img alt="" SRC="/i.png">', "<p>a</P>", "<p>a</p ><!-- c -->"],
    ids=["href-in-capitals", "src-in-capitals", "end-tag-in-capitals", "comment"],
)
def test_markup_the_parser_may_rewrite_is_always_parsed(html):
    assert html_urls.may_hold_urls(html)


def test_feed_parses_only_bodies_with_urls_and_each_once_while_its_post_is_unchanged(
    client, make_post, settings, monkeypatch
):
    """Parsing every body on every request was half of a feed's cost (issue 19)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_ALLOW_BYPASS = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0  # keep what was rendered just after the posts' saves
    make_post(title="Plain", body="Just words, *no* links.")
    linked = make_post(title="Linked", body="[Link](/blog/other/) and ![a](/media/a.png)")
    parsed: list[str] = []

    class CountingRewriter(html_urls._Rewriter):
        def feed(self, data: str) -> None:
            parsed.append(data)
            super().feed(data)

    monkeypatch.setattr(html_urls, "_Rewriter", CountingRewriter)
    full = client.get("/feed/", HTTP_X_PAGE_CACHE="bypass-all").content  # nothing kept
    assert parsed == [linked.body_html]
    first = client.get("/feed/", HTTP_X_PAGE_CACHE="bypass").content  # parses, keeps
    again = client.get("/feed/", HTTP_X_PAGE_CACHE="bypass").content  # reuses
    assert len(parsed) == 2
    assert first == again == full
    assert b"http://testserver/blog/other/" in full and b"http://testserver/media/a.png" in full
    # Byte for byte what parsing every body gives.
    monkeypatch.setattr(html_urls, "may_hold_urls", lambda html: True)
    monkeypatch.setattr("blog.feeds.may_hold_urls", lambda html: True)
    assert client.get("/feed/", HTTP_X_PAGE_CACHE="bypass-all").content == full
    monkeypatch.undo()
    linked.body = "[Moved](/blog/elsewhere/)"
    linked.save()
    assert (
        b"http://testserver/blog/elsewhere/"
        in client.get("/feed/", HTTP_X_PAGE_CACHE="bypass").content
    )


@pytest.mark.parametrize(
    "url",
    [
        "/blog/category/trust/feed/atom/",
        "/blog/tag/conflict/feed/atom/",
        "/authors/alice-rivera/feed/atom/",
    ],
)
def test_category_tag_and_author_feeds_come_in_atom_too(client, post, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    (entry,) = feed.entries
    assert entry.link == "http://testserver/blog/rebuilding-trust/"
    assert entry.updated


FEED_URLS = [
    "/feed/",
    "/feed/atom/",
    "/blog/category/odd/feed/",
    "/blog/category/odd/feed/atom/",
    "/blog/tag/odd/feed/",
    "/blog/tag/odd/feed/atom/",
    "/authors/odd-author/feed/",
    "/authors/odd-author/feed/atom/",
]


@pytest.fixture
def odd_post(db, make_post):
    """Control characters (not allowed in XML 1.0) in every text a feed shows."""
    from authors.models import Author
    from blog.models import Category, Tag

    writer = Author.objects.create(name="Ann\x0bOdd\x1f", slug="odd-author", headline="Hi\x08")
    category = Category.objects.create(name="Odd\x0bcat", slug="odd", description="D\x1fesc")
    tag = Tag.objects.create(name="odd\x1ftag", slug="odd")
    return make_post(
        author=writer,
        title="Odd\x0btitle\x1f",
        excerpt="An\x0b excerpt\x1f",
        body="Body with \x0b vertical tab and \x1f unit separator.",
        seo_title="S\x0beo",
        seo_description="S\x1feo",
        categories=[category],
        tags=[tag],
    )


@pytest.mark.parametrize("url", FEED_URLS)
def test_control_characters_in_any_field_never_break_any_feed(client, odd_post, url):
    feed = parse(client, url)
    (entry,) = feed.entries
    assert entry.title == "Oddtitle"
    assert entry.author == "AnnOdd"
    assert {term.term for term in entry.tags} == {"Oddcat", "oddtag"}
    assert "\x0b" not in feed.feed.title and "\x1f" not in feed.feed.get("subtitle", "")
