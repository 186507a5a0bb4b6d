"""/sitemap.xml and /robots.txt, parsed as a crawler would."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Category, Post, Tag

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("sm:url", NS):
        fields = {child.tag.split("}")[1]: child.text for child in url}
        entries[fields.pop("loc")] = fields
    return entries


def test_sitemap_lists_every_public_page(client, post, other_author, make_post):
    Category.objects.create(name="Empty", slug="empty")
    Tag.objects.create(name="unused", slug="unused")
    entries = sitemap_entries(client)
    base = "http://testserver"
    assert set(entries) == {
        f"{base}/",
        f"{base}/blog/rebuilding-trust/",
        f"{base}/blog/category/trust/",
        f"{base}/blog/tag/conflict/",
        f"{base}/authors/alice-rivera/",
        f"{base}/authors/ben-cole/",
    }


def test_posts_carry_their_last_modification_date(client, post):
    lastmod = sitemap_entries(client)["http://testserver/blog/rebuilding-trust/"]["lastmod"]
    # Django writes the W3C date without the time.
    assert lastmod == f"{post.updated_at:%Y-%m-%d}"
    home = sitemap_entries(client)["http://testserver/"]
    assert home["lastmod"] == lastmod


def test_sitemap_leaves_out_drafts_scheduled_posts_and_inactive_authors(
    client, make_post, other_author, tag
):
    draft = make_post(status=Post.Status.DRAFT, author=other_author, tags=[tag])
    scheduled = make_post(published_at=timezone.now() + timedelta(days=1), tags=[tag])
    other_author.is_active = False
    other_author.save()
    entries = " ".join(sitemap_entries(client))
    assert draft.slug not in entries
    assert scheduled.slug not in entries
    assert "ben-cole" not in entries
    assert "/blog/tag/conflict/" not in entries  # only hidden posts carry it


@pytest.mark.parametrize("count", [1, 20])
def test_sitemap_query_count_does_not_grow(client, make_post, django_assert_max_num_queries, count):
    """No per-post query for lastmod or URL (N+1)."""
    for _ in range(count):
        make_post()
    # home's lastmod, then a count and a page of rows for each of the four lists
    with django_assert_max_num_queries(9):
        client.get("/sitemap.xml")


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ["/admin/", "/search/", "/comments/"]:
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
