"""The demo loader leaves a site that passes `audit_content`: sealed, its links reviewed."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection

from authors.models import Author
from blog import demo
from blog.models import OutboundLink, Post

CONTENT = SimpleNamespace(
    CATEGORIES=[{"slug": "trust", "name": "Trust", "description": "About trust."}],
    TAGS=[{"slug": "repair", "name": "repair"}],
    POSTS=[
        {
            "slug": "after-an-affair",
            "title": "After an affair",
            "author": "alice",
            "body": "Read [the APA's guide](https://www.apa.example/affairs).",
            "excerpt": "",
            "status": "published",
            "days_ago": 3,
            "palette": [(200, 120, 80), (80, 120, 200)],
            "image_alt": "Soft shapes",
            "categories": ["trust"],
            "tags": ["repair"],
            "related": [],
        }
    ],
    BOOKING_CLICKS={
        "seed": "t",
        "weeks": 1,
        "per_post_per_week": [1, 1],
        "per_profile_per_week": [0, 0],
    },
)


def audit() -> str:
    out = io.StringIO()
    try:
        call_command("audit_content", stdout=out)
    except Exception as error:  # CommandError: findings
        return out.getvalue() + str(error)
    return out.getvalue()


@pytest.fixture
def loaded(author):
    demo.load(CONTENT, io.StringIO())
    return Post.objects.get(slug="after-an-affair")


def test_demo_posts_and_profiles_are_sealed_and_their_links_reviewed(loaded):
    assert loaded.content_seal and Author.objects.get(slug="alice-rivera").content_seal
    assert OutboundLink.objects.filter(reviewed=False).count() == 0
    assert "Nothing found" in audit()


def test_loading_twice_changes_nothing(loaded):
    before = list(Post.objects.values_list("pk", "content_seal", "body_html"))
    demo.load(CONTENT, io.StringIO())
    assert list(Post.objects.values_list("pk", "content_seal", "body_html")) == before


def test_demo_rows_from_before_seals_existed_get_sealed(loaded):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE blog_post SET content_seal = ''")
    demo.load(CONTENT, io.StringIO())
    assert "Nothing found" in audit()


def test_the_demo_does_not_review_links_it_did_not_write(loaded, make_post):
    make_post(body="[spam](https://spam.example/)")
    demo.load(CONTENT, io.StringIO())
    assert "https://spam.example/" in audit()
