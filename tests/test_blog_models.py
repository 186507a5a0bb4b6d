from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from blog.models import Category, Post, Tag


def test_published_excludes_drafts_and_scheduled_posts(make_post):
    live = make_post()
    make_post(status=Post.Status.DRAFT)
    make_post(published_at=timezone.now() + timedelta(hours=1))
    assert list(Post.objects.published()) == [live]


def test_scheduled_post_goes_live_once_its_time_passes(make_post, client):
    post = make_post(published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(post.get_absolute_url()).status_code == 404
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(post.get_absolute_url()).status_code == 200
    assert post in Post.objects.published()


def test_publishing_without_a_date_dates_the_post_now(make_post):
    post = make_post(status=Post.Status.DRAFT, published_at=None)
    post.status = Post.Status.PUBLISHED
    post.save()
    assert post.published_at is not None
    assert post.published_at <= timezone.now()


def test_body_is_rendered_and_sanitised_on_save(make_post):
    post = make_post(body="Hello **world** <script>alert(1)</script>")
    assert "<strong>world</strong>" in post.body_html
    assert "script" not in post.body_html


def test_reading_time_counts_words(make_post):
    assert make_post(body="word " * 100).reading_minutes == 1
    assert make_post(body="word " * 1100).reading_minutes == 5


def test_excerpt_falls_back_to_first_paragraph_as_plain_text(make_post):
    post = make_post(excerpt="", body="## Heading\n\nFirst *paragraph* here.\n\nSecond.")
    assert post.summary == "First paragraph here."
    post.excerpt = "Hand-written summary."
    assert post.summary == "Hand-written summary."


def test_featured_image_needs_alt_text(make_post, jpeg_upload):
    post = make_post()
    post.featured_image = jpeg_upload
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "featured_image_alt" in error.value.message_dict


def test_database_refuses_an_image_without_alt_text(make_post, jpeg_upload):
    post = make_post()
    post.featured_image = jpeg_upload
    with pytest.raises(IntegrityError):
        post.save()


def test_str_and_urls(post, category, tag):
    assert str(post) == "Rebuilding trust"
    assert post.get_absolute_url() == "/blog/rebuilding-trust/"
    assert category.get_absolute_url() == "/blog/category/trust/"
    assert tag.get_absolute_url() == "/blog/tag/conflict/"
    assert str(category) == "Trust" and str(tag) == "conflict"


def test_related_posts_hand_picked_first_then_most_shared(make_post):
    a, b, c = (Category.objects.create(name=n, slug=n) for n in "abc")
    t1, t2 = Tag.objects.create(name="t1", slug="t1"), Tag.objects.create(name="t2", slug="t2")
    post = make_post(categories=[a], tags=[t1, t2])
    shares_three = make_post(categories=[a], tags=[t1, t2])
    shares_one = make_post(categories=[b], tags=[t2])
    make_post(categories=[c])  # shares nothing
    picked = make_post(categories=[c])
    post.related_posts.add(picked)
    assert post.related() == [picked, shares_three, shares_one]


def test_related_posts_never_include_itself_drafts_or_scheduled(make_post, category):
    post = make_post(categories=[category])
    draft = make_post(categories=[category], status=Post.Status.DRAFT)
    scheduled = make_post(categories=[category], published_at=timezone.now() + timedelta(days=1))
    post.related_posts.add(post, draft, scheduled)
    assert post.related() == []


def test_related_posts_are_at_most_three(make_post, category):
    post = make_post(categories=[category])
    for _ in range(5):
        make_post(categories=[category])
    assert len(post.related()) == 3
