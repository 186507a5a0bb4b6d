"""
The comment form's checks, each on its own: the security form's token and
honeypot, then the parent and duplicate checks, and which refusal the page
names first. (The view's responses are covered in test_comments_spam/pages.)
"""

import time

import pytest
from django.contrib.auth.models import AnonymousUser

from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import check_form_token, make_form_token, spend_form_token
from tests.comment_helpers import aged_token, comment_data

IP_HASH = "an-ip-hash"


def form_for(post, **fields) -> CommentForm:
    return CommentForm(comment_data(**fields), user=AnonymousUser(), post=post, ip_hash=IP_HASH)


def earlier(post, **fields) -> Comment:
    values = {"name": "Ann", "email": "ann@example.org", "body": "Earlier words."}
    return Comment.objects.create(
        post=post, **({"status": Comment.Status.APPROVED} | values | fields)
    )


def spent_token() -> str:
    token = aged_token()
    spend_form_token(check_form_token(token))
    return token


# (case, what the form is given, the field that refuses, its code, the message's words)
REFUSALS = [
    ("forged token", lambda post: {"token": "garbage"}, "token", "token", "could not be checked"),
    ("no token", lambda post: {"token": ""}, "token", "token", "could not be checked"),
    ("too quick", lambda post: {"token": make_form_token()}, "token", "too_quick", "very quick"),
    (
        "too old",
        lambda post: {"token": make_form_token(issued_at=time.time() - 25 * 3600)},
        "token",
        "token",
        "more than a day ago",
    ),
    ("reused token", lambda post: {"token": spent_token()}, "token", "token", "already used"),
    (
        "unknown parent",
        lambda post: {"parent": "999999"},
        "parent",
        "parent_unavailable",
        "not available on this post",
    ),
    (
        "held parent",
        lambda post: {"parent": str(earlier(post, status=Comment.Status.PENDING).pk)},
        "parent",
        "parent_unavailable",
        "not available on this post",
    ),
    (
        "removed parent",
        lambda post: {"parent": str(earlier(post, status=Comment.Status.REMOVED).pk)},
        "parent",
        "parent_unavailable",
        "not available on this post",
    ),
    (
        "same body, same email",
        lambda post: {"body": earlier(post, email="MAYA@example.org").body},
        "__all__",
        "duplicate",
        "already posted this comment",
    ),
    (
        "same body, same address",
        lambda post: {"body": earlier(post, ip_hash=IP_HASH).body},
        "__all__",
        "duplicate",
        "already posted this comment",
    ),
    ("empty comment", lambda post: {"body": " x "}, "body", None, "not posted yet"),
]


@pytest.mark.parametrize(
    "fields, field, code, words", [case[1:] for case in REFUSALS], ids=[c[0] for c in REFUSALS]
)
def test_each_check_refuses_with_its_message(post, fields, field, code, words):
    form = form_for(post, **fields(post))
    assert not form.is_valid()
    assert form.has_error(field, code)
    assert words in form.refusal()


def test_a_parent_on_another_post_is_refused(post, make_post):
    elsewhere = earlier(make_post())
    form = form_for(post, parent=str(elsewhere.pk))
    assert not form.is_valid() and form.has_error("parent", "parent_unavailable")


def test_a_valid_form_carries_its_parent_and_token(post):
    parent = earlier(post)
    form = form_for(post, parent=str(parent.pk))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["parent"] == parent
    assert set(form.token_data) == {"issued", "nonce"}
    assert not form.caught_by_honeypot


def test_the_honeypot_does_not_refuse_it_files_the_comment_as_spam(post):
    form = form_for(post, homepage="http://spam.example")
    assert form.is_valid(), form.errors
    assert form.caught_by_honeypot
    comment = form.new_comment(user_agent="bot")
    assert comment.status == Comment.Status.SPAM
    assert comment.reasons[0]["layer"] == "honeypot"


def test_the_token_is_named_first_then_the_fields_then_the_parent(post):
    form = form_for(post, token="garbage", body="", parent="999999")
    assert not form.is_valid()
    assert "could not be checked" in form.refusal()
    form = form_for(post, body="", parent="999999")
    assert not form.is_valid()
    assert form.refusal() == "Your comment was not posted yet: see below."
    # Only a comment that could be posted is compared with earlier ones.
    assert not form.has_error("__all__", "duplicate")


@pytest.mark.parametrize(
    "token, new_token, parent, kept_parent",
    [
        ("garbage", True, "5", "5"),
        ("fresh", False, "5", "5"),  # too quick: the same token works after a short wait
        ("aged", False, "999999", ""),  # the parent is the reason: post it as a new comment
    ],
)
def test_shown_again_keeps_the_text_and_says_the_refusal_once(
    post, token, new_token, parent, kept_parent
):
    token = {"fresh": make_form_token(), "aged": aged_token()}.get(token, token)
    form = form_for(post, body="Kept words.", token=token, parent=parent)
    assert not form.is_valid()
    form.shown_again()
    assert form.data["body"] == "Kept words."
    assert (form.data["token"] != token) is new_token
    assert form.data["parent"] == kept_parent
    assert not form.errors  # the page says why, once, above the form


def test_the_rate_limited_page_keeps_token_and_parent_as_sent(post):
    form = form_for(post, token="garbage", parent="999999", body="")
    form.is_valid()
    form.shown_again(refused=False)
    assert form.data["token"] == "garbage" and form.data["parent"] == "999999"
    assert list(form.errors) == ["body"]
