"""The booking link counter: /authors/<slug>/book/ records a click and redirects."""

from datetime import timedelta

import pytest
from django.utils import timezone

from authors.booking import click_report
from authors.models import Author, BookingClick
from blog.models import Post


@pytest.fixture(autouse=True)
def _a_browser(client):
    """Readers come with a browser's user agent; a request without one is not counted."""
    client.defaults["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    )


def test_booking_redirects_to_the_stored_url_and_records_the_post(client, post):
    response = client.get("/authors/alice-rivera/book/", {"from": post.slug})
    assert response.status_code == 302
    assert response["Location"] == "https://example.com/book/alice"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    click = BookingClick.objects.get()
    assert click.author.slug == "alice-rivera" and click.post_pk == post.pk
    assert abs(click.clicked_at - timezone.now()) < timedelta(seconds=10)


def test_a_click_from_the_profile_records_no_post(client, author):
    assert client.get("/authors/alice-rivera/book/").status_code == 302
    assert BookingClick.objects.get().post_pk is None


def test_the_click_record_holds_nothing_that_names_the_visitor(db):
    names = {field.name for field in BookingClick._meta.get_fields()}
    # "visitor" is a keyed hash, kept 30 minutes (test_authors_booking_counting.py).
    assert names == {"id", "author", "post_pk", "source", "filters", "visitor", "clicked_at"}


@pytest.mark.parametrize(
    "query",
    [
        {"next": "https://evil.example"},
        {"url": "https://evil.example"},
        {"redirect": "//evil.example"},
        {"from": "https://evil.example"},
        {"from": "//evil.example/x"},
        {"from": "../../admin/"},
        {"from": "x" * 5000},
    ],
)
def test_no_open_redirect(client, author, query):
    response = client.get("/authors/alice-rivera/book/", query)
    assert response.status_code == 302
    assert response["Location"] == "https://example.com/book/alice"
    assert BookingClick.objects.get().post_pk is None


def test_from_another_authors_post_is_not_credited_to_it(client, author, second_author, make_post):
    bobs = make_post(author=second_author, slug="bobs-post")
    client.get("/authors/alice-rivera/book/", {"from": bobs.slug})
    assert BookingClick.objects.get().post_pk is None


def test_from_a_draft_is_not_credited_to_it(client, make_post):
    draft = make_post(status=Post.Status.DRAFT, published_at=None)
    client.get("/authors/alice-rivera/book/", {"from": draft.slug})
    assert BookingClick.objects.get().post_pk is None


def test_author_without_booking_url_gives_404(client, other_author):
    assert client.get("/authors/ben-cole/book/").status_code == 404
    assert not BookingClick.objects.exists()


def test_inactive_author_booking_gives_404(client, author):
    Author.objects.filter(pk=author.pk).update(is_active=False)
    assert client.get("/authors/alice-rivera/book/").status_code == 404


def test_head_requests_redirect_without_counting(client, author):
    assert client.head("/authors/alice-rivera/book/").status_code == 302
    assert not BookingClick.objects.exists()


def test_click_report_counts_total_recent_and_top_posts(author, second_author, make_post):
    first, second = make_post(title="First"), make_post(title="Second")
    old = timezone.now() - timedelta(days=45)
    for _ in range(3):
        BookingClick.objects.create(author=author, post_pk=second.pk)
    BookingClick.objects.create(author=author, post_pk=first.pk, clicked_at=old)
    BookingClick.objects.create(author=author, post_pk=None)
    rows = {row.author: row for row in click_report(Author.objects.all())}
    assert (rows[author].total, rows[author].recent) == (5, 4)
    assert rows[author].top_posts == [("Second", 3), ("First", 1)]
    assert (rows[second_author].total, rows[second_author].recent) == (0, 0)


@pytest.mark.parametrize("count", [1, 15])
def test_click_report_query_count_does_not_grow(db, make_post, django_assert_num_queries, count):
    """Top posts are fetched for every author at once, not author by author (N+1)."""
    for number in range(count):
        someone = Author.objects.create(name=f"W{number}", slug=f"w{number}")
        post = make_post(author=someone)
        BookingClick.objects.create(author=someone, post_pk=post.pk)
    # authors with counts, clicks per post, post titles, directory filters chosen
    with django_assert_num_queries(4):
        rows = click_report(Author.objects.all())
    assert sum(row.total for row in rows) == count


def test_authors_see_their_own_clicks_in_the_admin(
    client, author_user, author, second_author, post
):
    BookingClick.objects.create(author=author, post_pk=post.pk)
    BookingClick.objects.create(author=second_author)
    client.force_login(author_user)
    response = client.get("/admin/authors/bookingclick/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alice Rivera" in html and "Rebuilding trust: 1" in html
    assert "Bob Okafor" not in html


def test_editors_see_everyones_clicks_in_the_admin(client, editor, author, second_author):
    BookingClick.objects.create(author=second_author)
    client.force_login(editor)
    html = client.get("/admin/authors/bookingclick/").content.decode()
    assert "Alice Rivera" in html and "Bob Okafor" in html


def test_anonymous_cannot_see_the_click_report(client, author):
    response = client.get("/admin/authors/bookingclick/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_author_change_page_shows_the_click_counts(client, author_user, author):
    BookingClick.objects.create(author=author)
    client.force_login(author_user)
    html = client.get(f"/admin/authors/author/{author.pk}/change/").content.decode()
    assert "1 in all, 1 in the last 30 days" in html
