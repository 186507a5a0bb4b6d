"""The moderation queue in the admin, and the privacy actions."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from comments.models import Comment, ConfirmedAddress
from tests.comment_helpers import ensure_default_lists


@pytest.fixture(autouse=True)
def default_lists(db):
    """The shipped blocklist and crisis phrases (live-server tests flush them)."""
    ensure_default_lists()


CHANGELIST = "admin:comments_comment_changelist"


def make(post, status="pending", **fields) -> Comment:
    fields.setdefault("name", "Reader")
    fields.setdefault("email", "reader@example.org")
    fields.setdefault("body", f"A {status} comment.")
    parent = fields.pop("parent", None)
    comment = Comment(post=post, status=status, **fields)
    comment.attach_to(parent)
    comment.save()
    return comment


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editors_group_may_moderate_comments(editor):
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_comment", "view_comment", "delete_comment"} <= codenames
    assert {"change_blockedphrase", "change_crisisphrase", "change_crisishelp"} <= codenames
    assert editor.has_perm("comments.change_comment")


def test_authors_group_does_not_moderate(author_user):
    assert not author_user.has_perm("comments.change_comment")


def test_queue_lists_pending_first_and_crisis_first_among_them(editor_client, post):
    approved = make(post, "approved", body="Approved one.")
    pending = make(post, "pending", body="Pending one.")
    crisis = make(post, "pending", body="Crisis one.", crisis=True)
    spam = make(post, "spam", body="Spam one.")
    response = editor_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    order = [row.pk for row in response.context["cl"].result_list]
    assert order == [crisis.pk, pending.pk, approved.pk, spam.pk]


def test_queue_shows_post_parent_reason_and_counts(editor_client, post):
    parent = make(post, "approved", name="Ann", body="The parent comment.")
    make(
        post,
        "pending",
        parent=parent,
        body="A held reply.",
        reasons=[{"layer": "links", "detail": "3 links (more than 2)"}],
    )
    make(post, "spam")
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert "Rebuilding trust" in html
    assert "Ann: The parent comment." in html
    assert "links: 3 links (more than 2)" in html
    assert "Pending: 1" in html and "Approved: 1" in html and "Spam: 1" in html


@pytest.mark.parametrize(
    "query, found", [("Zelda", True), ("zelda@hidden.example", True), ("Rebuilding", True)]
)
def test_queue_searches_name_email_and_post(editor_client, post, query, found):
    make(post, name="Zelda Quinn", email="zelda@hidden.example", body="Findable.")
    make(post, name="Other", email="other@example.org", body="Not this.")
    html = editor_client.get(reverse(CHANGELIST), {"q": query}).content.decode()
    assert ("Findable." in html) is found


@pytest.mark.parametrize(
    "action, status",
    [("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed")],
)
def test_bulk_actions_change_the_status(editor_client, post, action, status):
    comments = [make(post, body=f"Bulk {n}.") for n in range(3)]
    response = editor_client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [c.pk for c in comments]},
    )
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {status}


def test_approving_a_reply_mails_the_parent_writer_who_opted_in(
    editor_client, post, django_capture_on_commit_callbacks
):
    ConfirmedAddress.objects.create(email="parent@example.org")  # confirmed once, by link
    parent = make(post, "approved", email="parent@example.org", notify_replies=True)
    reply = make(post, "pending", parent=parent, name="Replier", email="r@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse(CHANGELIST), {"action": "approve", "_selected_action": [reply.pk]}
        )
    assert [m.to for m in mail.outbox] == [["parent@example.org"]]
    assert "Replier replied to your comment" in mail.outbox[0].subject


def test_export_returns_every_comment_of_the_selected_email_as_json(editor_client, post):
    mine = make(post, email="Me@Example.org", body="Mine one.")
    make(post, "approved", email="me@example.org", body="Mine two.")
    make(post, email="other@example.org", body="Not mine.")
    response = editor_client.post(
        reverse(CHANGELIST), {"action": "export_json", "_selected_action": [mine.pk]}
    )
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["emails"] == ["me@example.org"]
    assert sorted(row["comment"] for row in data["comments"]) == ["Mine one.", "Mine two."]


def test_erase_asks_first_then_erases_every_comment_of_that_email(editor_client, post):
    mine = make(post, "approved", email="me@example.org", body="Mine, answered.")
    make(post, "approved", email="ME@example.org", body="Mine, alone.")
    others = make(post, "approved", parent=mine, email="o@example.org", body="A reply.")
    url = reverse(CHANGELIST)
    confirm = editor_client.post(url, {"action": "erase_by_email", "_selected_action": [mine.pk]})
    assert confirm.status_code == 200 and "Yes, erase them" in confirm.content.decode()
    assert Comment.objects.filter(email__iexact="me@example.org").count() == 2
    editor_client.post(
        url, {"action": "erase_by_email", "_selected_action": [mine.pk], "confirm": "yes"}
    )
    assert not Comment.objects.filter(email__iexact="me@example.org").exists()
    assert not Comment.objects.filter(body__startswith="Mine").exists()
    mine.refresh_from_db()  # kept in the thread, blanked, because someone replied
    assert (mine.name, mine.email, mine.status) == ("(erased)", "", "removed")
    assert Comment.objects.get(pk=others.pk).parent_id == mine.pk


def test_moderators_cannot_add_comments_in_the_admin(editor_client):
    assert editor_client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_blocklist_and_crisis_phrases_are_editable_in_the_admin(editor_client):
    for name in ["admin:blog_blockedphrase_changelist", "admin:comments_crisisphrase_changelist"]:
        assert editor_client.get(reverse(name)).status_code == 200
    response = editor_client.post(
        reverse("admin:blog_blockedphrase_add"),
        {"phrase": "miracle pills", "kind": "pharma", "language": "en", "is_active": "on"},
    )
    assert response.status_code == 302


def test_crisis_language_reads_as_a_warning_not_a_green_tick(editor_client, post):
    make(post, body="Crisis one.", crisis=True)
    make(post, body="Ordinary one.")
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count('<span class="crisis-flag">Crisis language</span>') == 1
    assert "icon-yes.svg" not in rows and "icon-no.svg" not in rows
    assert '<th scope="col" class="sortable column-crisis_flag' in html  # sortable still


def test_the_moderation_list_gives_the_queue_the_whole_width(editor_client, post):
    """No app sidebar beside the queue: its columns fit a 1280 px window."""
    make(post)
    response = editor_client.get(reverse(CHANGELIST))
    assert response.context["is_nav_sidebar_enabled"] is False
    assert 'id="nav-sidebar"' not in response.content.decode()
    assert "admin-comments.css" in response.content.decode()
