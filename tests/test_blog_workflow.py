"""
The review workflow: Draft -> In review -> Published / Scheduled, back to the
author with a note, withdrawn by her, unpublished by an editor; who may do
each (author A, author B, editor, anonymous), including forged POSTs.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog import workflow
from blog.models import Post, ReviewStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_post):
    return make_post(title="A draft", slug="a-draft", status=Post.Status.DRAFT, published_at=None)


def status_of(post: Post) -> str:
    return Post.objects.values_list("status", flat=True).get(pk=post.pk)


# --- The state machine -----------------------------------------------------------


def test_author_submits_her_draft_with_a_note(draft, author_user):
    step = workflow.submit_for_review(draft, author_user, "Ready, I think.")
    assert status_of(draft) == Post.Status.REVIEW
    assert (step.action, step.note, step.by) == ("submitted", "Ready, I think.", author_user)


def test_author_withdraws_her_post_from_review(draft, author_user):
    workflow.submit_for_review(draft, author_user)
    workflow.withdraw_from_review(draft, author_user)
    assert status_of(draft) == Post.Status.DRAFT


def test_editor_returns_a_post_with_a_note_the_author_finds(draft, author_user, editor):
    workflow.submit_for_review(draft, author_user)
    workflow.return_to_author(draft, editor, "Cite the study, please.")
    assert status_of(draft) == Post.Status.DRAFT
    returned = Post.objects.returned_to_author().get(pk=draft.pk)
    assert returned.return_note == "Cite the study, please."


def test_returned_to_author_reads_every_note_in_one_query(
    make_post, author_user, editor, django_assert_max_num_queries
):
    """The dashboard lists returned posts with their notes: no query per post."""
    for number in range(4):
        post = make_post(status=Post.Status.DRAFT, published_at=None)
        workflow.submit_for_review(post, author_user)
        workflow.return_to_author(post, editor, f"Fix number {number}")
    with django_assert_max_num_queries(1):
        notes = sorted(post.return_note for post in Post.objects.returned_to_author())
    assert notes == [f"Fix number {n}" for n in range(4)]


def test_a_resubmitted_post_is_no_longer_returned(draft, author_user, editor):
    workflow.submit_for_review(draft, author_user)
    workflow.return_to_author(draft, editor, "Shorter.")
    workflow.submit_for_review(draft, author_user, "Done.")
    assert not Post.objects.returned_to_author().exists()


def test_returning_needs_a_note(draft, author_user, editor):
    workflow.submit_for_review(draft, author_user)
    with pytest.raises(workflow.TransitionRefused, match="note"):
        workflow.return_to_author(draft, editor, "  ")
    assert status_of(draft) == Post.Status.REVIEW


def test_editor_publishes_a_post_in_review_now(draft, author_user, editor):
    workflow.submit_for_review(draft, author_user)
    step = workflow.publish(draft, editor)
    draft.refresh_from_db()
    assert draft.is_public and step.action == ReviewStep.Action.PUBLISHED


def test_editor_schedules_a_post_in_review(draft, author_user, editor):
    workflow.submit_for_review(draft, author_user)
    at = timezone.now() + timedelta(days=2)
    step = workflow.publish(draft, editor, at=at)
    draft.refresh_from_db()
    assert draft.is_scheduled and draft.published_at == at
    assert step.action == ReviewStep.Action.SCHEDULED


def test_scheduling_in_the_past_is_refused(draft, editor):
    with pytest.raises(workflow.TransitionRefused, match="future"):
        workflow.publish(draft, editor, at=timezone.now() - timedelta(hours=1))
    assert status_of(draft) == Post.Status.DRAFT


def test_editor_unpublishes_a_published_post(post, editor):
    workflow.unpublish(post, editor)
    assert status_of(post) == Post.Status.UNPUBLISHED


def test_editor_may_take_down_a_post_whose_author_has_changes_waiting(post, author_user, editor):
    workflow.save_pending_revision(post, author_user, {"body": "Changed."})
    workflow.submit_for_review(post, author_user)
    assert workflow.moves_for(post, editor, workflow.open_revision(post)).unpublish
    workflow.unpublish(post, editor)
    assert status_of(post) == Post.Status.UNPUBLISHED


def test_publish_action_goes_through_the_workflow_and_records_the_step(client, draft, editor):
    client.force_login(editor)
    client.post("/admin/blog/post/", {"action": "publish", "_selected_action": [draft.pk]})
    assert status_of(draft) == Post.Status.PUBLISHED
    step = ReviewStep.objects.filter(post=draft).latest("pk")
    assert (step.action, step.by) == (ReviewStep.Action.PUBLISHED, editor)


@pytest.mark.parametrize(
    "move",
    [
        lambda post, user: workflow.publish(post, user),
        lambda post, user: workflow.publish(post, user, at=timezone.now() + timedelta(days=1)),
        lambda post, user: workflow.return_to_author(post, user, "no"),
        lambda post, user: workflow.unpublish(post, user),
    ],
    ids=["publish", "schedule", "return", "unpublish"],
)
def test_an_author_has_no_editors_move(draft, author_user, move):
    workflow.submit_for_review(draft, author_user)
    with pytest.raises(workflow.TransitionRefused):
        move(draft, author_user)
    assert status_of(draft) == Post.Status.REVIEW


def test_author_b_cannot_submit_or_withdraw_author_as_post(draft, second_author_user, author_user):
    with pytest.raises(workflow.TransitionRefused):
        workflow.submit_for_review(draft, second_author_user)
    workflow.submit_for_review(draft, author_user)
    with pytest.raises(workflow.TransitionRefused):
        workflow.withdraw_from_review(draft, second_author_user)
    assert status_of(draft) == Post.Status.REVIEW


def test_a_post_in_review_cannot_be_submitted_twice(draft, author_user):
    workflow.submit_for_review(draft, author_user)
    with pytest.raises(workflow.TransitionRefused):
        workflow.submit_for_review(draft, author_user)
    assert ReviewStep.objects.count() == 1


# --- The admin: forged POSTs ---------------------------------------------------------


def change_form(post: Post, **changes) -> dict:
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "excerpt": post.excerpt,
        "featured_image_alt": "",
        "seo_title": "",
        "seo_description": "",
        "status": post.status,
        "published_at_0": "",
        "published_at_1": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_author_posting_status_published_to_her_change_form_keeps_a_draft(
    client, draft, author_user
):
    client.force_login(author_user)
    response = client.post(
        f"/admin/blog/post/{draft.pk}/change/",
        change_form(draft, status="published", published_at_0="2020-01-01", title="Forged"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Forged", Post.Status.DRAFT)


@pytest.mark.parametrize("status", ["published", "review", "unpublished"])
def test_author_posting_a_status_to_the_add_form_gets_a_draft(client, author, status):
    client.force_login(author.user)
    data = change_form(Post(title="New", slug="new", body="Text."), status=status)
    assert client.post("/admin/blog/post/add/", data).status_code == 302
    assert Post.objects.get(slug="new").status == Post.Status.DRAFT


def test_author_saving_her_post_in_review_is_refused(client, draft, author_user):
    workflow.submit_for_review(draft, author_user)
    client.force_login(author_user)
    response = client.post(f"/admin/blog/post/{draft.pk}/change/", change_form(draft, title="X"))
    assert response.status_code == 403
    assert Post.objects.get(pk=draft.pk).title == "A draft"


def test_author_cannot_use_the_publish_action(client, draft, author_user):
    client.force_login(author_user)
    client.post("/admin/blog/post/", {"action": "publish", "_selected_action": [draft.pk]})
    assert status_of(draft) == Post.Status.DRAFT


def test_unpublish_action_sets_unpublished(client, post, editor):
    client.force_login(editor)
    client.post("/admin/blog/post/", {"action": "unpublish", "_selected_action": [post.pk]})
    assert status_of(post) == Post.Status.UNPUBLISHED
    assert post.review_steps.get().action == ReviewStep.Action.UNPUBLISHED


def test_save_and_submit_button_saves_then_submits_with_the_note(client, draft, author_user):
    client.force_login(author_user)
    data = change_form(draft, title="Better title", _submit_for_review="1", review_note="Done")
    data.pop("_save")
    assert client.post(f"/admin/blog/post/{draft.pk}/change/", data).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Better title", Post.Status.REVIEW)
    assert draft.review_steps.get().note == "Done"


# --- The transition URLs and the review screen, by role -------------------------------


@pytest.fixture
def in_review(draft, author_user):
    workflow.submit_for_review(draft, author_user, "Please look")
    return draft


def login(client, who, author_user, second_author_user, editor):
    users = {"author": author_user, "author_b": second_author_user, "editor": editor}
    if who != "anonymous":
        client.force_login(users[who])


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("author", 403), ("author_b", 404), ("editor", 200)],
)
def test_review_screen_is_for_editors(
    client, in_review, who, expected, author_user, second_author, second_author_user, editor
):
    login(client, who, author_user, second_author_user, editor)
    response = client.get(f"/admin/blog/post/{in_review.pk}/review/")
    assert response.status_code == expected
    if who == "anonymous":
        assert "/admin/login/" in response["Location"]


def test_review_screen_shows_the_post_as_readers_will(client, make_post, author_user, editor):
    post = make_post(
        status=Post.Status.DRAFT, published_at=None, body="Some **bold** <script>x()</script>"
    )
    workflow.submit_for_review(post, author_user)
    client.force_login(editor)
    page = client.get(f"/admin/blog/post/{post.pk}/review/").content.decode()
    assert "<strong>bold</strong>" in page
    assert "<script>x()" not in page
    assert "?review=waiting" in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("author", 302), ("author_b", 404), ("editor", 302)],
)
def test_withdraw_url_by_role(
    client, in_review, who, expected, author_user, second_author, second_author_user, editor
):
    login(client, who, author_user, second_author_user, editor)
    response = client.post(f"/admin/blog/post/{in_review.pk}/withdraw/")
    assert response.status_code == expected
    withdrawn = who in ("author", "editor")
    assert status_of(in_review) == (Post.Status.DRAFT if withdrawn else Post.Status.REVIEW)


@pytest.mark.parametrize("url", ["submit", "withdraw"])
def test_a_get_on_a_transition_url_is_refused_with_405(client, draft, author_user, url):
    client.force_login(author_user)
    assert client.get(f"/admin/blog/post/{draft.pk}/{url}/").status_code == 405
    assert status_of(draft) == Post.Status.DRAFT


def test_author_b_cannot_submit_author_as_draft_by_url(
    client, draft, second_author, second_author_user
):
    client.force_login(second_author_user)
    assert client.post(f"/admin/blog/post/{draft.pk}/submit/").status_code == 404
    assert status_of(draft) == Post.Status.DRAFT


def test_author_posting_publish_to_the_review_screen_is_refused(client, in_review, author_user):
    client.force_login(author_user)
    response = client.post(f"/admin/blog/post/{in_review.pk}/review/", {"_publish": "1"})
    assert response.status_code == 403
    assert status_of(in_review) == Post.Status.REVIEW


def test_editor_returns_from_the_review_screen(client, in_review, editor):
    client.force_login(editor)
    response = client.post(
        f"/admin/blog/post/{in_review.pk}/review/", {"_return": "1", "review_note": "Shorter."}
    )
    assert response.status_code == 302
    assert status_of(in_review) == Post.Status.DRAFT


def test_a_bad_schedule_time_keeps_the_note_and_says_why(client, in_review, editor):
    client.force_login(editor)
    response = client.post(
        f"/admin/blog/post/{in_review.pk}/review/",
        {"_schedule": "1", "publish_at": "not a date", "review_note": "Lovely piece"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the date and time" in page and "Lovely piece" in page
    assert status_of(in_review) == Post.Status.REVIEW


def test_editor_schedules_from_the_review_screen(client, in_review, editor):
    client.force_login(editor)
    at = timezone.localtime() + timedelta(days=1)
    response = client.post(
        f"/admin/blog/post/{in_review.pk}/review/",
        {"_schedule": "1", "publish_at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.is_scheduled


def test_author_sees_the_returned_note_on_her_change_form(client, in_review, author_user, editor):
    workflow.return_to_author(in_review, editor, "Add a <b>source</b>.")
    client.force_login(author_user)
    page = client.get(f"/admin/blog/post/{in_review.pk}/change/").content.decode()
    assert "Returned to you" in page
    assert "Add a &lt;b&gt;source&lt;/b&gt;." in page
