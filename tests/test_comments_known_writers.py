"""
Who is published without moderation: a known writer (same name and email as an
earlier approved comment, an address no login uses, no new link). And that the
blocklist reads every field a comment shows.
"""

import pytest
from django.contrib.auth.models import User

from comments.models import Comment
from tests.comment_helpers import ensure_default_lists, post_comment


@pytest.fixture(autouse=True)
def default_lists(db):
    ensure_default_lists()


@pytest.fixture
def earlier(db, post) -> Comment:
    """Maya's approved comment: her website and one link in the body."""
    return Comment.objects.create(
        post=post,
        name="Maya Torres",
        email="maya@example.org",
        url="https://maya.example.org/",
        body="I wrote about this at https://known.example/first too.",
        status=Comment.Status.APPROVED,
    )


APPROVED, HELD = Comment.Status.APPROVED, Comment.Status.PENDING

# (what differs from Maya's earlier comment, the status, the layer that holds it)
CASES = [
    pytest.param({}, APPROVED, None, id="same name and email, no link"),
    pytest.param(
        {"name": "maya  TORRES", "email": "Maya@Example.org"}, APPROVED, None, id="any case"
    ),
    pytest.param({"name": "Maya T."}, HELD, "first comment", id="known email, another name"),
    pytest.param({"email": "m@example.org"}, HELD, "first comment", id="known name, new email"),
    pytest.param(
        {"body": "More at https://known.example/second page."}, APPROVED, None, id="known domain"
    ),
    pytest.param(
        {"body": "And https://www.maya.example.org/post"}, APPROVED, None, id="her site in body"
    ),
    pytest.param({"url": "https://maya.example.org/"}, APPROVED, None, id="same website"),
    pytest.param(
        {"body": "Great deals at https://shop.example/x"}, HELD, "new link", id="new body link"
    ),
    pytest.param({"url": "https://shop.example/"}, HELD, "new link", id="new website"),
    pytest.param(
        {"body": "See http://known.example.evil.example/ now"},
        HELD,
        "new link",
        id="known name inside another domain",
    ),
]


@pytest.mark.parametrize(("fields", "status", "layer"), CASES)
def test_who_is_published_without_moderation(client, post, earlier, fields, status, layer):
    body = fields.pop("body", "Thank you, this helped.")
    post_comment(client, post, body=body, **{"name": "Maya Torres", **fields})
    comment = Comment.objects.get(body=body)
    assert comment.status == status, comment.reasons
    layers = {verdict["layer"] for verdict in comment.reasons}
    assert layers == ({layer} if layer else set())


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, "removed"])
def test_only_an_approved_earlier_comment_makes_a_writer_known(client, post, earlier, status):
    earlier.status = status
    earlier.save()
    post_comment(client, post, name="Maya Torres", body="Second try.")
    assert Comment.objects.get(body="Second try.").status == HELD


def test_an_address_a_site_login_uses_is_always_held(client, post, earlier):
    """Editors and authors comment logged in; their address typed by anyone is held."""
    User.objects.create_user("maya", "MAYA@example.org", "pw-for-tests-1")
    post_comment(client, post, name="Maya Torres", body="Pretending to be staff.")
    comment = Comment.objects.get(body="Pretending to be staff.")
    assert comment.status == HELD
    assert [v["layer"] for v in comment.reasons] == ["site login"]


def test_an_authors_login_address_is_held_even_with_an_approved_history(
    client, post, author, author_user
):
    Comment.objects.create(
        post=post,
        name="Alice Rivera",
        email=author_user.email,
        body="Written by an impostor, approved by mistake.",
        status=APPROVED,
    )
    post_comment(client, post, name="Alice Rivera", email=author_user.email, body="Again.")
    assert Comment.objects.get(body="Again.").status == HELD


def test_an_approved_comment_edited_to_add_a_link_is_held_again(client, post, earlier):
    post_comment(client, post, name="Maya Torres", body="Plain words.")
    comment = Comment.objects.get(body="Plain words.")
    assert comment.status == APPROVED
    response = client.post(
        f"/comments/{comment.pk}/edit/", {"body": "Plain words. https://shop.example/"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == HELD
    assert "new link" in {verdict["layer"] for verdict in comment.reasons}


# --- The blocklist reads every field ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "fields"),
    [
        ("name", {"name": "Viagra Seller"}),
        ("website", {"url": "https://cheap-viagra.example/"}),
        ("comment", {"body": "Buy viagra here."}),
    ],
)
def test_the_blocklist_checks_each_field_a_comment_shows(client, post, earlier, field, fields):
    fields = {"name": "Maya Torres", "body": "Nice post.", **fields}
    post_comment(client, post, **fields)
    comment = Comment.objects.get(body=fields["body"])
    assert comment.status == Comment.Status.SPAM  # a blocklisted phrase is strong evidence
    assert {
        "layer": "blocklist",
        "detail": f"blocked phrases in the {field}: viagra",
        "weight": 1.0,
    } in comment.reasons
