"""
Budgets of a public page: bytes of HTML and CSS, JavaScript, other hosts, queries.

Cold-cache query budgets leave room for what later features add (the post page
will show 200 threaded comments in a fixed number of queries); a warm page cache
answers every anonymous GET without touching the database.
"""

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from authors.models import Author
from blog.models import Category, Tag
from comments.models import Comment

from .conftest import make_author, make_image_bytes, make_staff, post_maker

KB = 1024
# What a page may load: stylesheets, icons, scripts, images, media, frames.
RESOURCE_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}


class Resources(HTMLParser):
    """Every URL a browser would fetch to display the page (not plain links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            if attrs.get("src"):
                self.urls.append(attrs["src"])
        elif tag == "link" and RESOURCE_LINK_RELS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href") or "")
        elif tag in ("img", "source", "iframe", "video", "audio", "embed", "input"):
            for name in ("src", "poster", "data"):
                if attrs.get(name):
                    self.urls.append(attrs[name])
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])


def resources(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """
    A site like the demo: photos, images, several categories and tags, related
    posts. Built once for the module inside a transaction rolled back after it
    (its images under a media folder of its own); each test runs in a
    savepoint inside it (the ``db`` fixture), so what one test adds is gone
    for the next.
    """
    media = tmp_path_factory.mktemp("budget-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            author = make_author(make_staff("alice", "Authors"))
            other_author = Author.objects.create(name="Ben Cole", slug="ben-cole")
            make_post = post_maker(author)
            author.photo = SimpleUploadedFile("a.jpg", make_image_bytes(size=(600, 600)))
            author.save()
            other_author.photo = SimpleUploadedFile("b.jpg", make_image_bytes(size=(600, 600)))
            other_author.save()
            categories = [
                Category.objects.create(name=f"Cat {i}", slug=f"cat-{i}") for i in range(4)
            ]
            tags = [Tag.objects.create(name=f"tag {i}", slug=f"tag-{i}") for i in range(6)]
            posts = []
            for i in range(14):
                posts.append(
                    make_post(
                        author=author if i % 2 else other_author,
                        categories=categories[i % 4 : i % 4 + 2],
                        tags=tags[i % 6 : i % 6 + 3],
                        featured_image=SimpleUploadedFile(
                            "f.jpg", make_image_bytes(size=(640, 360), color=(i * 10, 90, 140))
                        ),
                        featured_image_alt=f"Picture {i}",
                        body="A long body, long enough to dwarf everything around it. "
                        * (800 if i == 0 else 5),
                    )
                )
            posts[0].related_posts.set(posts[1:3])
            yield SimpleNamespace(
                posts=posts, categories=categories, tags=tags, author=author, media=media
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def media_root(settings, site):
    settings.MEDIA_ROOT = site.media
    return site.media


@pytest.fixture
def author(db, site) -> Author:
    return site.author


@pytest.fixture
def demo_like_site(db, site):
    for obj in [site.author, *site.posts, *site.categories, *site.tags]:
        obj.refresh_from_db()  # as its row is: a test before may have changed it in memory
    return site.posts, site.categories, site.tags


def page_urls(demo_like_site, author):
    posts, categories, tags = demo_like_site
    return {
        "home": "/",
        "post": posts[0].get_absolute_url(),
        "author": author.get_absolute_url(),
        "category": categories[0].get_absolute_url(),
        "tag": tags[0].get_absolute_url(),
        "authors": "/authors/",
    }


COLD_BUDGETS = {"home": 8, "post": 10, "author": 8, "category": 8, "tag": 8, "authors": 8}


@pytest.mark.parametrize("page_name", COLD_BUDGETS)
def test_cold_and_warm_query_budgets(
    client, demo_like_site, author, settings, django_assert_max_num_queries, page_name
):
    """Cards, bylines, categories and related posts in fixed queries (no N+1); 0 when warm."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    url = page_urls(demo_like_site, author)[page_name]
    cache.clear()  # cold: not even tag versions or the next scheduled time are known
    with django_assert_max_num_queries(COLD_BUDGETS[page_name]):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_post_with_200_threaded_comments_keeps_the_cold_budget(
    client, demo_like_site, settings, django_assert_max_num_queries
):
    """The issue's post page: 200 comments over several comment pages, a third replies."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    settings.COMMENTS_PER_PAGE = 50
    post = demo_like_site[0][0]
    threads: list[Comment] = []
    for n in range(200):
        parent = threads[n // 3] if n % 3 == 2 and threads else None
        comment = Comment(post=post, name=f"Reader {n}", email=f"r{n}@example.org")
        comment.body = f"Comment {n}: thank you, this helped us talk again."
        comment.status = Comment.Status.APPROVED
        comment.attach_to(parent)
        comment.save()
        if parent is None:
            threads.append(comment)
    assert len(threads) > 50  # more than one page of threads
    cache.clear()
    with django_assert_max_num_queries(10):
        response = client.get(post.get_absolute_url())
    assert "200 Responses to" in response.content.decode()
    with django_assert_max_num_queries(0):
        assert client.get(post.get_absolute_url())["X-Page-Cache"] == "hit"


def test_post_page_html_without_its_body_is_under_30_kb(client, demo_like_site):
    post = demo_like_site[0][0]
    html = client.get(post.get_absolute_url()).content.decode()
    assert post.body_html in html
    assert len(html.replace(post.body_html, "").encode()) < 30 * KB


def test_the_sites_css_is_under_20_kb_and_the_admins_additions_under_10_kb():
    css = [path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*.css")]
    public = [path for path in css if not path.name.startswith("admin-")]
    admin = [path for path in css if path.name.startswith("admin-")]
    assert public and admin, "no stylesheet found: the budget would pass vacuously"
    # What readers download, and the little the admin's own screens add to Django's.
    assert sum(path.stat().st_size for path in public) < 20 * KB
    assert sum(path.stat().st_size for path in admin) < 10 * KB


def test_public_pages_load_no_javascript_but_the_comment_and_newsletter_forms(
    client, demo_like_site, author
):
    for url in page_urls(demo_like_site, author).values():
        for script in resources(client.get(url).content.decode()).scripts:
            if script.get("type") == "application/ld+json":
                continue  # data for search engines, never executed
            src = script.get("src") or ""
            name = Path(urlsplit(src).path).name
            assert src.startswith(
                (settings.STATIC_URL + "js/comments", settings.STATIC_URL + "js/newsletter")
            ), (url, script)
            # The manifest storage adds a hash: js/comments.1a2b3c.js
            found = list(Path(settings.BASE_DIR, "static", "js").glob(name.split(".")[0] + "*.js"))
            assert found and all(path.stat().st_size < 5 * KB for path in found), (url, src)


def test_public_pages_request_nothing_from_another_host(client, demo_like_site, author):
    for url in page_urls(demo_like_site, author).values():
        found = resources(client.get(url).content.decode()).urls
        assert found, url  # at least the stylesheet: the parser works
        for resource in found:
            parts = urlsplit(resource)
            assert parts.netloc in ("", "testserver") and parts.scheme in ("", "http"), (
                url,
                resource,
            )


def test_resource_parser_sees_foreign_hosts():
    """The host check above would catch a CDN stylesheet, script or image."""
    html = (
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="//cdn.example/x.js"></script>'
        '<picture><source srcset="https://img.example/a.webp 480w, /b.webp 960w"></picture>'
        '<a href="https://example.com/book">a plain link is not a request</a>'
    )
    hosts = {urlsplit(url).netloc for url in resources(html).urls}
    assert hosts == {"cdn.example", "img.example", ""}
