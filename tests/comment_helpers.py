"""Helpers for tests that post comments through the real form endpoint."""

import time

from django.urls import reverse

from comments.moderation import make_form_token

MARKER_EMAIL = "secret.marker.7f3a@example.org"


def aged_token(seconds: float = 60) -> str:
    """A form token signed as if the form was served ``seconds`` ago (no sleeping)."""
    return make_form_token(issued_at=time.time() - seconds)


def comment_data(**fields) -> dict:
    data = {
        "name": "Maya Torres",
        "email": "maya@example.org",
        "url": "",
        "body": "This helped me talk to my partner.",
        "parent": "",
        "homepage": "",
        "token": aged_token(),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post_comment(client, post, **fields):
    return client.post(reverse("comments:post", args=[post.pk]), comment_data(**fields))


def ensure_default_lists() -> None:
    """
    The blocklist and crisis phrases the migrations ship: live-server tests
    flush every table, so tests that rely on them put them back first.
    """
    from importlib import import_module

    from django.apps import apps

    import_module("blog.migrations.0005_default_blocked_phrases").add_phrases(apps, None)
    import_module(
        "comments.migrations.0002_editors_moderate_and_crisis_phrases"
    ).add_crisis_defaults(apps)
