"""
What `load_demo` leaves in the database, compared with a snapshot kept in
tests/fixtures/demo_snapshot.json.

The snapshot was taken from the demo when its content was Python literals
(blog/demo_content.py), before it became data files in demo/, so this test is
what says the move changed nothing a reader, an editor or `audit_content` can
see. It holds every field that reaches a page or a check, with keys instead of
primary keys, times as offsets from now (the demo dates everything relative to
the day it is loaded), and pictures as their size, a coarse colour fingerprint
(compared with a tolerance, so a Pillow upgrade does not break it) and the
renditions beside them, never their random file names.

When the demo's content changes on purpose, write a new snapshot with
``DEMO_SNAPSHOT_WRITE=1 .venv/bin/python -m pytest tests/test_demo_snapshot.py``
and review its diff like any other change to the content.
"""

import json
import os
import re
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from PIL import Image

from authors.models import Author, Credential
from blog.models import Category, OutboundLink, Post, Tag
from blog.search import parse_query, search
from comments.models import Comment
from core.integrity import is_intact
from core.models import MediaItem

FIXTURE = Path(__file__).parent / "fixtures" / "demo_snapshot.json"
PASSWORD = "demo-snapshot-password"
# Words that occur across the demo's posts: what the search index answers for them.
SEARCH_WORDS = ["trust", "therapy", "boundaries", "apology", "money", "grief", "jealousy", "date"]
FINGERPRINT_TOLERANCE = 6


def _hours_ago(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else round((now - moment) / timedelta(hours=1))


def _picture(file: FieldFile) -> dict | None:
    """A picture as what it shows: size, a 2x2 colour fingerprint, and its renditions."""
    if not file:
        return None
    with file.open("rb"), Image.open(file) as image:
        size = list(image.size)
        fingerprint = [list(pixel) for pixel in image.convert("RGB").resize((2, 2)).getdata()]
    path = Path(file.path)
    renditions = sorted(
        other.name.removeprefix(path.stem)
        for other in path.parent.iterdir()
        if other != path and other.name.startswith(f"{path.stem}.")
    )
    return {"size": size, "fingerprint": fingerprint, "renditions": renditions}


def _comment_key(comment: Comment | None) -> str | None:
    return None if comment is None else f"{comment.name}: {comment.body[:40]}"


def _source_key(source) -> str | None:
    return _comment_key(source) if isinstance(source, Comment) else source.slug


# A library image's stored name is random (core.images): the snapshot keeps its place.
_LIBRARY_NAME_RE = re.compile(r"library/\d{4}/\d{2}/[0-9a-f]{32}")


def _without_random_names(value):
    return _LIBRARY_NAME_RE.sub("library/<random>", value) if isinstance(value, str) else value


def demo_state(now: datetime) -> dict:
    """The demo as comparable values: no primary keys, random names or absolute times."""
    today = timezone.localdate(now)
    users = [
        {
            "username": user.username,
            "email": user.email,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "password_is_the_demo_password": authenticate(username=user.username, password=PASSWORD)
            is not None,
        }
        for user in User.objects.order_by("username")
    ]
    authors = [
        {
            "slug": author.slug,
            "user": author.user.username if author.user else None,
            **{
                name: getattr(author, name)
                for name in (
                    "name headline short_bio bio bio_html booking_url booking_label website "
                    "social_links is_active notify_on_comments"
                ).split()
            },
            "photo": _picture(author.photo),
            "sealed": is_intact(author),
            "directory": {
                **{
                    name: getattr(author, name)
                    for name in (
                        "offers_in_person in_person_location offers_online accepting_clients "
                        "fees payment_options availability"
                    ).split()
                },
                **{kind: [t.slug for t in terms] for kind, terms in author.directory_terms.items()},
                "licensed_in": author.licensed_jurisdictions,
            },
        }
        for author in Author.objects.select_related("user").order_by("slug")
    ]
    credentials = [
        {
            "author": credential.author.slug,
            **{
                name: getattr(credential, name)
                for name in "abbreviation title kind issuer jurisdiction licence_number "
                "position verified".split()
            },
            "expires_in_days": None
            if credential.expires_on is None
            else (credential.expires_on - today).days,
            "verified_by": credential.verified_by.username if credential.verified_by else None,
            "has_verified_at": credential.verified_at is not None,
        }
        for credential in Credential.objects.select_related("author", "verified_by").order_by(
            "author__slug", "position"
        )
    ]
    posts = []
    for post in Post.objects.select_related("author", "reviewed_by").order_by("slug"):
        posts.append(
            {
                "slug": post.slug,
                "author": post.author.slug,
                **{
                    name: _without_random_names(getattr(post, name))
                    for name in (
                        "title body body_html lead excerpt seo_title seo_description "
                        "featured_image_alt status reading_minutes comments_open review_reasons "
                        "key_points references references_html"
                    ).split()
                },
                "featured_image": _picture(post.featured_image),
                "focus_areas": sorted(post.focus_areas.values_list("slug", flat=True)),
                "published_hours_ago": _hours_ago(post.published_at, now),
                "reviewed_by": post.reviewed_by.slug if post.reviewed_by else None,
                "reviewed_on_is_publication_day": post.reviewed_on is not None
                and post.reviewed_on == timezone.localdate(post.published_at),
                "categories": sorted(post.categories.values_list("slug", flat=True)),
                "tags": sorted(post.tags.values_list("slug", flat=True)),
                "related": sorted(post.related_posts.values_list("slug", flat=True)),
                "sealed": is_intact(post),
            }
        )
    comments = [
        {
            "post": comment.post.slug,
            "key": _comment_key(comment),
            "parent": _comment_key(comment.parent),
            "root": _comment_key(comment.root),
            **{
                name: getattr(comment, name)
                for name in (
                    "depth name email url body status reasons crisis ip_hash user_agent "
                    "notify_replies reply_notice_sent"
                ).split()
            },
            "user": comment.user.username if comment.user else None,
            "hours_ago": _hours_ago(comment.created_at, now),
            "edited": comment.edited_at is not None,
        }
        for comment in Comment.objects.select_related("post", "parent", "root", "user").order_by(
            "post__slug", "created_at", "pk"
        )
    ]
    links = sorted(
        (
            {
                "on": f"{link.content_type.model}:{_source_key(link.source)}",
                "field": link.field,
                "url": link.url,
                "domain": link.domain,
                "anchor_text": link.anchor_text,
                "reviewed": link.reviewed,
                "reviewed_by": link.reviewed_by.username if link.reviewed_by else None,
            }
            for link in OutboundLink.objects.select_related("content_type", "reviewed_by")
        ),
        key=lambda link: (link["on"], link["field"], link["url"]),
    )
    media_library = sorted(
        (
            {
                **{name: getattr(item, name) for name in "alt_text caption credit".split()},
                "is_decorative": item.is_decorative,
                "uploaded_by": item.uploaded_by.username if item.uploaded_by else None,
                "picture": _picture(item.file),
                "used": sorted(str(usage) for usage in item.usages.all()),
            }
            for item in MediaItem.objects.select_related("uploaded_by")
        ),
        key=lambda item: (item["alt_text"], item["used"]),
    )
    slugs = dict(Post.objects.values_list("pk", "slug"))
    return {
        "media_library": media_library,
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "users": users,
        "authors": authors,
        "credentials": credentials,
        "categories": list(Category.objects.order_by("slug").values("slug", "name", "description")),
        "tags": list(Tag.objects.order_by("slug").values("slug", "name", "description")),
        "posts": posts,
        "comments": comments,
        "links": links,
        "search": {
            word: sorted(slugs[pk] for pk in search(parse_query(word))) for word in SEARCH_WORDS
        },
    }


def _split_fingerprints(value, found: list) -> object:
    """``value`` with each picture's fingerprint taken out into ``found``."""
    if isinstance(value, dict):
        if "fingerprint" in value:
            found.append(value["fingerprint"])
            value = {**value, "fingerprint": "..."}
        return {key: _split_fingerprints(item, found) for key, item in value.items()}
    if isinstance(value, list):
        return [_split_fingerprints(item, found) for item in value]
    return value


@pytest.fixture
def loaded_demo(db, settings, tmp_path, monkeypatch) -> tuple[dict, str]:
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    out = StringIO()
    call_command("load_demo", stdout=out)
    return json.loads(json.dumps(demo_state(timezone.now()), default=str)), out.getvalue()


def test_load_demo_leaves_the_same_site_as_the_snapshot(loaded_demo):
    state, output = loaded_demo
    actual = {"load_demo_output": output.splitlines(), **state}
    if os.environ.get("DEMO_SNAPSHOT_WRITE"):
        FIXTURE.parent.mkdir(exist_ok=True)
        FIXTURE.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n")
        pytest.skip(f"wrote {FIXTURE}")
    expected = json.loads(FIXTURE.read_text())
    actual_prints: list = []
    expected_prints: list = []
    actual = _split_fingerprints(actual, actual_prints)
    expected = _split_fingerprints(expected, expected_prints)
    for key in expected:
        assert actual.get(key) == expected[key], key
    assert actual == expected
    assert len(actual_prints) == len(expected_prints)
    for got, want in zip(actual_prints, expected_prints, strict=True):
        for got_pixel, want_pixel in zip(got, want, strict=True):
            assert all(
                abs(a - b) <= FINGERPRINT_TOLERANCE
                for a, b in zip(got_pixel, want_pixel, strict=True)
            ), (got, want)
