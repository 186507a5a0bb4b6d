"""
What a booking click counts: one per visitor, author and post within 30
minutes, never a crawler, and where it came from (post, profile, author list).
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from authors.models import BookingClick

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
OTHER_BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133"


def click(client, slug="alice-rivera", ip="203.0.113.7", user_agent=BROWSER, **query):
    response = client.get(
        f"/authors/{slug}/book/", query, REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent
    )
    assert response.status_code == 302  # counted or not, the reader gets where she was going
    assert response["Location"].startswith("https://example.com/book/")
    return response


def test_the_same_visitor_clicking_again_on_the_same_post_counts_once(client, post):
    for _ in range(3):
        click(client, **{"from": post.slug})
    assert BookingClick.objects.count() == 1


def test_the_same_visitor_counts_once_per_post_and_once_from_the_profile(client, post, make_post):
    other = make_post(title="Another post")
    click(client, **{"from": post.slug})
    click(client, **{"from": other.slug})
    click(client, via="profile")
    click(client, via="profile")
    assert sorted(BookingClick.objects.values_list("post_pk", flat=True), key=str) == sorted(
        [post.pk, other.pk, None], key=str
    )


def test_the_same_visitor_counts_once_for_each_author(client, post, second_author):
    click(client, **{"from": post.slug})
    click(client, slug="bob-okafor")
    click(client, slug="bob-okafor")
    assert BookingClick.objects.filter(author__slug="alice-rivera").count() == 1
    assert BookingClick.objects.filter(author__slug="bob-okafor").count() == 1


@pytest.mark.parametrize(
    "second", [{"ip": "198.51.100.9"}, {"user_agent": OTHER_BROWSER}], ids=["address", "browser"]
)
def test_another_visitor_counts_again(client, post, second):
    click(client, **{"from": post.slug})
    click(client, **second, **{"from": post.slug})
    assert BookingClick.objects.count() == 2


def test_the_same_visitor_counts_again_after_thirty_minutes(client, post):
    click(client, **{"from": post.slug})
    BookingClick.objects.update(clicked_at=timezone.now() - timedelta(minutes=31))
    cache.clear()  # the fast guard's entry has expired by then too
    click(client, **{"from": post.slug})
    assert BookingClick.objects.count() == 2


def test_within_thirty_minutes_even_without_the_fast_guard(client, post):
    """The database decides when the cache (per process without Redis) forgot."""
    click(client, **{"from": post.slug})
    BookingClick.objects.update(clicked_at=timezone.now() - timedelta(minutes=29))
    cache.clear()
    click(client, **{"from": post.slug})
    assert BookingClick.objects.count() == 1


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
        "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Some Unknown Spider/1.0",
        "",
    ],
)
def test_crawlers_and_scripts_are_not_counted(client, post, user_agent):
    click(client, user_agent=user_agent, **{"from": post.slug})
    assert not BookingClick.objects.exists()


def test_the_visitor_is_known_only_by_a_keyed_hash_kept_thirty_minutes(client, post):
    click(client, ip="203.0.113.7", **{"from": post.slug})
    stored = BookingClick.objects.get()
    assert re.fullmatch(r"[0-9a-f]{64}", stored.visitor)
    assert "203.0.113.7" not in stored.visitor and "Chrome" not in stored.visitor
    fields = {field.name for field in BookingClick._meta.get_fields()}
    assert fields == {"id", "author", "post_pk", "source", "filters", "visitor", "clicked_at"}
    # Half an hour later it is of no use any more, and it is forgotten.
    BookingClick.objects.update(clicked_at=timezone.now() - timedelta(minutes=31))
    click(client, ip="198.51.100.9", **{"from": post.slug})
    assert BookingClick.objects.filter(visitor="").count() == 1


@pytest.mark.parametrize(
    "query, source",
    [
        ({"from": "rebuilding-trust"}, "post"),
        ({"via": "profile"}, "profile"),
        ({"via": "list"}, "list"),
        ({}, "elsewhere"),
        ({"via": "<script>"}, "elsewhere"),
        ({"from": "not-a-post", "via": "profile"}, "profile"),
        ({"from": "not-a-post"}, "elsewhere"),
    ],
)
def test_the_click_records_where_it_came_from(client, post, query, source):
    click(client, **query)
    assert BookingClick.objects.get().source == source


def booking_hrefs(html: str) -> list[str]:
    return re.findall(r'href="(/authors/alice-rivera/book/[^"]*)"', html)


def test_every_booking_link_on_the_site_carries_its_source(client, post):
    assert booking_hrefs(client.get(post.get_absolute_url()).content.decode()) == [
        "/authors/alice-rivera/book/?from=rebuilding-trust"
    ]
    assert booking_hrefs(client.get("/authors/alice-rivera/").content.decode())[0] == (
        "/authors/alice-rivera/book/?via=profile"
    )
    assert booking_hrefs(client.get("/authors/").content.decode()) == [
        "/authors/alice-rivera/book/?via=directory"
    ]


def test_the_report_shows_where_the_clicks_came_from(client, author_user, post):
    for number, query in enumerate(
        [{"from": post.slug}, {"from": post.slug}, {"via": "profile"}, {"via": "list"}, {}]
    ):
        click(client, ip=f"203.0.113.{number}", **query)
    client.force_login(author_user)
    html = client.get("/admin/authors/bookingclick/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for heading in ["Posts", "Profile", "Directory", "Elsewhere"]:
        assert f"{heading}" in text
    row = re.search(r"<th scope=\"row\">Alice Rivera</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["5", "5", "2", "0", "1", "1", "1"]


def test_a_click_costs_a_few_queries_and_a_repeat_fewer(client, post, django_assert_num_queries):
    """
    Author, the blocklist (is the booking address still allowed?), post,
    forget old visitor hashes, look for a recent click, insert.
    """
    with django_assert_num_queries(6):
        click(client, **{"from": post.slug})
    # The repeat stops at the cache's guard: author, blocklist and post only.
    with django_assert_num_queries(3):
        click(client, **{"from": post.slug})
    # A crawler is turned away before any post lookup.
    with django_assert_num_queries(2):
        click(client, user_agent="Googlebot/2.1", **{"from": post.slug})
