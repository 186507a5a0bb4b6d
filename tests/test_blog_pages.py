from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Category, Post, Tag


def test_home_lists_newest_published_posts_ten_per_page(client, make_post):
    posts = [make_post() for _ in range(12)]  # make_post dates each one day older
    make_post(status=Post.Status.DRAFT, title="Secret draft")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert posts[0].title in html and posts[9].title in html
    assert posts[10].title not in html
    assert "Secret draft" not in html
    page2 = client.get("/?page=2").content.decode()
    assert posts[10].title in page2 and posts[11].title in page2


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1", "99999999999999999999"])
def test_out_of_range_or_garbage_page_is_404(client, make_post, page):
    for _ in range(12):
        make_post()
    assert client.get("/", {"page": page}).status_code == 404


def test_post_page_shows_everything_a_reader_needs(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="post__title">Rebuilding trust</h1>' in html
    assert f'<time datetime="{post.published_at.isoformat()}' in html or "<time datetime=" in html
    assert "1 min read" in html
    assert 'By <a href="/authors/alice-rivera/"' in html
    assert 'href="/blog/category/trust/"' in html
    assert 'href="/blog/tag/conflict/"' in html


def test_post_page_shows_related_posts(client, make_post, category):
    post = make_post(categories=[category])
    other = make_post(categories=[category], title="A related one")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Related posts" in html and other.title in html


def test_draft_is_hidden_from_visitors(client, make_post):
    draft = make_post(status=Post.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_scheduled_post_is_hidden_from_visitors(client, make_post):
    scheduled = make_post(published_at=timezone.now() + timedelta(days=2))
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_editor_previews_a_draft_with_a_banner_and_no_cache(client, editor, make_post):
    draft = make_post(status=Post.Status.DRAFT, published_at=None)
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_editor_previews_a_scheduled_post(client, editor, make_post):
    scheduled = make_post(published_at=timezone.now() + timedelta(days=2))
    client.force_login(editor)
    response = client.get(scheduled.get_absolute_url())
    assert "Scheduled preview" in response.content.decode()


def test_published_post_has_no_preview_banner(client, editor, post):
    client.force_login(editor)
    assert "preview" not in client.get(post.get_absolute_url()).content.decode().lower()


def test_unknown_post_is_404(client, db):
    assert client.get("/blog/no-such-post/").status_code == 404


def test_category_archive_lists_its_published_posts(client, make_post, category):
    inside = make_post(categories=[category], title="Inside the category")
    outside = make_post(title="Outside the category")
    make_post(categories=[category], status=Post.Status.DRAFT, title="Draft inside")
    html = client.get(category.get_absolute_url()).content.decode()
    assert inside.title in html and outside.title not in html and "Draft inside" not in html
    assert "1 post" in html


def test_tag_archive_lists_its_published_posts(client, make_post, tag):
    inside = make_post(tags=[tag], title="Tagged post")
    html = client.get(tag.get_absolute_url()).content.decode()
    assert inside.title in html


def test_archives_paginate_and_404_past_the_end(client, make_post, category):
    for _ in range(11):
        make_post(categories=[category])
    assert client.get(category.get_absolute_url() + "?page=2").status_code == 200
    assert client.get(category.get_absolute_url() + "?page=3").status_code == 404


def test_unknown_category_and_tag_are_404(client, db):
    assert client.get("/blog/category/nope/").status_code == 404
    assert client.get("/blog/tag/nope/").status_code == 404


def test_pages_use_semantic_html_and_no_external_requests(client, post):
    html = client.get("/").content.decode()
    for element in ("<header", "<nav", "<main", "<footer"):
        assert element in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    article = client.get(post.get_absolute_url()).content.decode()
    assert "<article" in article


def _populate(make_post, count: int) -> None:
    categories = [Category.objects.create(name=f"C{i}", slug=f"c{i}") for i in range(3)]
    tags = [Tag.objects.create(name=f"T{i}", slug=f"t{i}") for i in range(4)]
    for i in range(count):
        make_post(categories=categories[: i % 3 + 1], tags=tags[: i % 4 + 1])


@pytest.mark.parametrize("count", [1, 30])
def test_home_query_count_does_not_grow_with_posts(
    client, make_post, django_assert_max_num_queries, count
):
    """Cards must not query their author, categories or credentials one by one (N+1)."""
    _populate(make_post, count)
    # posts, their count for the paginator, their categories, their authors' credentials
    # (cards carry no verified mark, so the page no longer reads when one expires)
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_post_page_query_count_does_not_grow_with_posts(
    client, make_post, django_assert_max_num_queries, count
):
    """Related posts, tags, categories and credentials must not be fetched per item (N+1)."""
    _populate(make_post, count)
    post = Post.objects.published().first()
    # post with author, categories, tags, author's credentials, hand-picked related,
    # others related, their categories and their authors' credentials, previous and
    # next post, and the comment threads (comments app, one query when there are none)
    with django_assert_max_num_queries(11):
        assert client.get(post.get_absolute_url()).status_code == 200
