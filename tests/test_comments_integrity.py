"""Comments take part in the site's link register and script checks (trust and safety)."""

import pytest

from blog.models import OutboundLink
from comments import moderation
from comments.models import Comment
from tests.comment_helpers import ensure_default_lists, post_comment


@pytest.fixture(autouse=True)
def default_lists(db):
    ensure_default_lists()


def test_an_approved_comments_links_are_recorded_for_review(post):
    comment = Comment.objects.create(
        post=post,
        name="Reader",
        email="reader@example.org",
        url="https://reader.example/",
        body="I found https://helpful.example/guide useful.",
        status="approved",
    )
    urls = set(OutboundLink.objects.to_review().values_list("url", flat=True))
    assert {"https://reader.example/", "https://helpful.example/guide"} <= urls
    comment.status = "spam"
    comment.save()
    assert not OutboundLink.objects.filter(object_id=comment.pk, field="body").exists()


def test_a_held_comments_links_are_not_recorded(post):
    Comment.objects.create(
        post=post, name="X", email="x@example.org", body="https://held.example/", status="pending"
    )
    assert not OutboundLink.objects.filter(url="https://held.example/").exists()


def test_approving_in_bulk_records_links(client, editor, post):
    comment = Comment.objects.create(
        post=post, name="X", email="x@example.org", body="https://bulk.example/", status="pending"
    )
    client.force_login(editor)
    client.post("/admin/comments/comment/", {"action": "approve", "_selected_action": [comment.pk]})
    assert OutboundLink.objects.filter(url="https://bulk.example/").exists()


@pytest.mark.parametrize(
    "body",
    [
        "Great advice, thank you. саsino",  # Cyrillic look-alike letters inside a word
        "Отличная статья, спасибо большое за все эти советы",  # mostly another script
    ],
)
def test_comments_in_another_script_or_with_look_alikes_are_held(client, post, body):
    Comment.objects.create(
        post=post, name="Reader", email="known@example.org", body="Earlier.", status="approved"
    )
    post_comment(client, post, email="known@example.org", body=body)
    comment = Comment.objects.get(body=body)
    assert comment.status == "pending"
    assert "script" in str(comment.reasons)


def test_a_quoted_word_in_another_language_is_fine(post):
    comment = Comment(
        post=post,
        name="Reader",
        email="known@example.org",
        body="My grandmother called it 'сердце', the heart of the matter, and she was right.",
    )
    Comment.objects.create(
        post=post, name="Reader", email="known@example.org", body="Earlier.", status="approved"
    )
    assert moderation.assess(comment).status == "approved"
