"""The comments' demo loader: threads, a queue to moderate, and idempotence."""

from io import StringIO
from types import SimpleNamespace

import pytest

from comments import demo
from comments.models import Comment
from tests.comment_helpers import ensure_default_lists


@pytest.fixture(autouse=True)
def default_lists(db):
    """The shipped blocklist and crisis phrases (live-server tests flush them)."""
    ensure_default_lists()


CONTENT = SimpleNamespace(
    COMMENT_THREADS={
        "rebuilding-trust": [
            {
                "name": "Jordan Mills",
                "email": "jordan@example.org",
                "url": "https://jordan.example",
                "body": "This is the first thing that made sense to us.",
                "days_after": 1,
                "replies": [
                    {
                        "name": "Alice Rivera",
                        "email": "alice@example.com",
                        "url": "",
                        "body": "Thank you, Jordan. Go slowly.",
                        "days_after": 2,
                        "replies": [
                            {
                                "name": "Jordan Mills",
                                "email": "jordan@example.org",
                                "url": "",
                                "body": "We will.",
                                "days_after": 3,
                                "replies": [],
                            }
                        ],
                    }
                ],
            }
        ],
        "no-such-post": [{"name": "X", "email": "x@e.org", "url": "", "body": "Skipped."}],
    },
    PENDING_COMMENTS=[
        {
            "post": "rebuilding-trust",
            "name": "New Reader",
            "email": "new@example.org",
            "url": "",
            "body": "Is this normal after an affair?",
        },
    ],  # fmt: skip
    SPAM_COMMENTS=[
        {
            "post": "rebuilding-trust",
            "name": "Deals",
            "email": "d@spam.example",
            "url": "https://spam.example",
            "body": "Cheap viagra online pharmacy",
        },
    ],  # fmt: skip
)


def test_demo_loads_threads_and_a_queue_and_is_idempotent(post, client):
    demo.load(CONTENT, StringIO())
    assert Comment.objects.approved().count() == 3
    reply = Comment.objects.get(body="Thank you, Jordan. Go slowly.")
    assert reply.depth == 1 and reply.user == post.author.user  # the post's author: badge
    assert Comment.objects.get(body="We will.").depth == 2
    assert Comment.objects.pending().get().reasons
    spam = Comment.objects.get(status="spam")
    assert "blocklist" in spam.reasons_text
    demo.load(CONTENT, StringIO())
    assert Comment.objects.count() == 5
    html = client.get(post.get_absolute_url()).content.decode()
    assert "3 Responses to Rebuilding trust" in html and ">Author<" in html
