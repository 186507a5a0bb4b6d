"""
Feeds read away from the site (issue 17): every URL in an item is absolute,
pages announce their feeds in <head>, and a visible Follow area links them.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.html_urls import absolute_urls
from tests.conftest import make_image_bytes

ATOM = "{http://www.w3.org/2005/Atom}"

BODY = (
    "See [the other post](/blog/other/), [a note](#notes), [a relative one](sibling/), "
    "[an outside site](https://example.org/x?a=1&b=2) and [mail](mailto:hi@example.org).\n\n"
    '![A chair](/media/posts/chair.jpg "Chair & table")\n\n'
    '<a href="//cdn.example.org/y">protocol-relative</a> and <img src="x.png" alt="rel">'
)


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in {"href", "src"}:
                self.urls.append((tag, name, value or ""))


def urls_in(html: str) -> list[tuple[str, str, str]]:
    parser = _Urls()
    parser.feed(html)
    parser.close()
    return parser.urls


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return True
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def feed_items(content: bytes) -> list[dict]:
    """Each item's HTML, link and enclosure URLs, read from the feed's XML."""
    root = ElementTree.fromstring(content)  # noqa: S314 (our own output)
    items = []
    for item in root.iter("item"):
        items.append(
            {
                "html": item.findtext("description") or "",
                "urls": [item.findtext("link")] + [e.get("url") for e in item.iter("enclosure")],
            }
        )
    for entry in root.iter(f"{ATOM}entry"):
        links = [link.get("href") for link in entry.iter(f"{ATOM}link")]
        items.append({"html": entry.findtext(f"{ATOM}summary") or "", "urls": links})
    return items


@pytest.fixture
def pictured_post(post, media_root):
    post.body = BODY
    post.featured_image = SimpleUploadedFile("feature.jpg", make_image_bytes(size=(320, 180)))
    post.featured_image_alt = "A quiet room"
    post.save()
    return post


FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/blog/category/trust/feed/",
    "/blog/category/trust/feed/atom/",
    "/blog/tag/conflict/feed/",
    "/blog/tag/conflict/feed/atom/",
    "/authors/alice-rivera/feed/",
    "/authors/alice-rivera/feed/atom/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_every_url_in_every_feed_item_is_absolute(client, pictured_post, url):
    response = client.get(url)
    assert response.status_code == 200
    (item,) = feed_items(response.content)
    found = urls_in(item["html"])
    assert len(found) == 8, found
    for tag, name, value in found:
        assert is_absolute(value), (tag, name, value)
    values = [value for _, _, value in found]
    post_url = "http://testserver/blog/rebuilding-trust/"
    assert values[:5] == [
        "http://testserver/blog/other/",
        post_url + "#notes",
        post_url + "sibling/",
        "https://example.org/x?a=1&b=2",
        "mailto:hi@example.org",
    ]
    assert "http://testserver/media/posts/chair.jpg" in values
    assert "http://cdn.example.org/y" in values
    assert post_url + "x.png" in values
    # The featured image, as an enclosure, absolute too.
    enclosures = [u for u in item["urls"] if u and "/media/" in u]
    assert len(enclosures) == 1
    assert enclosures[0].startswith("http://testserver/media/") and enclosures[0].endswith(".jpg")
    assert all(is_absolute(u) for u in item["urls"] if u)


def test_feed_urls_use_the_requests_scheme_and_host(client, pictured_post, settings):
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get("/feed/", secure=True, headers={"host": "blog.example.com"})
    (item,) = feed_items(response.content)
    assert "https://blog.example.com/blog/other/" in [v for _, _, v in urls_in(item["html"])]
    assert any(u.startswith("https://blog.example.com/media/") for u in item["urls"] if u)


def test_feed_item_html_stays_sanitised_and_otherwise_unchanged(client, post):
    post.body = 'Hi <script>alert(1)</script> [x](/a/ "t")\n\n<img src=/m.png onerror=alert(2)>'
    post.save()
    (item,) = feed_items(client.get("/feed/").content)
    html = item["html"]
    assert "<script" not in html and "onerror" not in html and "alert" not in html
    assert html == post.body_html.replace('href="/a/"', 'href="http://testserver/a/"').replace(
        'src="/m.png"', 'src="http://testserver/m.png"'
    )


def test_absolute_urls_changes_only_href_and_src():
    html = (
        '<p>A &amp; B &#169; <a href="/x/" title="T &quot;q&quot;">x</a>'
        '<br><img alt="a" src="/i.png"></p>'
    )
    assert absolute_urls(html, "https://h.example/blog/p/") == (
        '<p>A &amp; B &#169; <a href="https://h.example/x/" title="T &quot;q&quot;">x</a>'
        '<br><img alt="a" src="https://h.example/i.png"></p>'
    )
    assert absolute_urls("", "https://h.example/") == ""
    assert absolute_urls('<a href="https://o.example/">o</a>', "https://h.example/") == (
        '<a href="https://o.example/">o</a>'
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternates: list[tuple[str, str]] = []
        self.follow: list[str] = []
        self._in_follow = 0

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append((attrs["type"], attrs["href"]))
        if tag == "p" and "follow" in (attrs.get("class") or "").split():
            self._in_follow += 1
        elif tag == "a" and self._in_follow:
            self.follow.append(attrs["href"])

    def handle_endtag(self, tag) -> None:
        if tag == "p" and self._in_follow:
            self._in_follow -= 1


def page_links(client, url: str) -> _Links:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


SITE = [("application/rss+xml", "/feed/"), ("application/atom+xml", "/feed/atom/")]
NEWSLETTER = "/newsletter/"
AUTHOR = [
    ("application/rss+xml", "/authors/alice-rivera/feed/"),
    ("application/atom+xml", "/authors/alice-rivera/feed/atom/"),
]
CATEGORY = [
    ("application/rss+xml", "/blog/category/trust/feed/"),
    ("application/atom+xml", "/blog/category/trust/feed/atom/"),
]
TAG = [
    ("application/rss+xml", "/blog/tag/conflict/feed/"),
    ("application/atom+xml", "/blog/tag/conflict/feed/atom/"),
]


@pytest.mark.parametrize(
    ("url", "own", "follow_own"),
    [
        ("/", [], False),
        ("/blog/rebuilding-trust/", AUTHOR, False),
        ("/blog/category/trust/", CATEGORY, True),
        ("/blog/tag/conflict/", TAG, True),
        ("/authors/alice-rivera/", AUTHOR, True),
        ("/authors/", [], False),
    ],
)
def test_pages_announce_their_feeds_and_show_follow_links(client, post, url, own, follow_own):
    links = page_links(client, url)
    assert links.alternates == SITE + own
    expected = [href for _, href in own] if follow_own else []
    # The page's own Follow links (near its title), then the site's in the
    # footer: its feeds and its newsletter (issue 15).
    assert links.follow == expected + [href for _, href in SITE] + [NEWSLETTER]


@pytest.mark.parametrize(
    "url", ["/", "/blog/category/trust/", "/blog/tag/conflict/", "/authors/alice-rivera/"]
)
def test_follow_links_resolve_to_feeds(client, post, url):
    for href in page_links(client, url).follow:
        response = client.get(href)
        assert response.status_code == 200, href
        if href == NEWSLETTER:
            assert b'name="email"' in response.content  # the subscribe form
            continue
        kind = "atom" if href.endswith("/atom/") else "rss"
        assert response["Content-Type"].startswith(f"application/{kind}+xml"), href
