"""Moving on from a page: previous/next posts, archive pages, the 404 and 500 pages."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from blog.models import Post


def test_post_links_the_previous_and_next_published_posts(client, make_post):
    now = timezone.now()
    oldest = make_post(title="Oldest", published_at=now - timedelta(days=3))
    make_post(title="Hidden draft", published_at=now - timedelta(days=2), status="draft")
    middle = make_post(title="Middle", published_at=now - timedelta(days=1))
    make_post(title="Not yet", published_at=now + timedelta(days=1))
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{oldest.get_absolute_url()}"' in html
    assert "Hidden draft" not in html and "Not yet" not in html
    assert 'rel="next"' not in html
    html = client.get(oldest.get_absolute_url()).content.decode()
    assert f'rel="next" href="{middle.get_absolute_url()}"' in html
    assert 'rel="prev"' not in html


def test_posts_published_at_the_same_moment_still_link_each_other(make_post):
    moment = timezone.now() - timedelta(hours=1)
    first = make_post(published_at=moment)
    second = make_post(published_at=moment)
    assert first.next_post() == second
    assert second.previous_post() == first


def test_a_draft_has_no_neighbours(make_post):
    assert make_post(status=Post.Status.DRAFT, published_at=None).previous_post() is None


@pytest.mark.parametrize("kind", ["category", "tag"])
def test_archive_pages_show_name_markdown_description_and_count(client, post, kind):
    archive = post.categories.get() if kind == "category" else post.tags.get()
    archive.description = "About **trust**.\n\n<script>alert(1)</script>"
    archive.save()
    html = client.get(archive.get_absolute_url()).content.decode()
    assert f">{archive.name}</h1>" in html
    assert "About <strong>trust</strong>." in html
    assert "<script>alert" not in html
    assert "1 post<" in html


def test_the_404_page_helps_the_reader_on(client, post):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'role="search"' in html
    assert post.title in html  # the latest posts
    assert 'href="/static/css/site.css"' in html


def test_the_500_page_needs_neither_database_nor_context():
    """No `db` fixture: any query while rendering it fails this test."""
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert 'action="/search/"' in html
    assert "/static/css/site.css" in html
