"""
The review workflow: who may move a post (or an author's pending changes to
a published post) from one state to the next, and the moves themselves.

    Draft / Unpublished --submit--> In review --publish/schedule--> Published
          ^                            |
          +------return (editor)-------+      Published --unpublish--> Unpublished
          +------withdraw (author)-----+

An author's changes to her published post are a ``PendingRevision`` going
through the same review (submit, withdraw, return; "publish" approves them).
Every move is one ``ReviewStep`` with its note, and its mail goes out after
the transaction commits (``blog.notifications``). The admin's buttons, the
review screen and the tests all call these functions; nothing else changes
a post's status for an author.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from . import notifications
from .models import PendingRevision, Post, ReviewStep

Action = ReviewStep.Action


class TransitionRefused(Exception):
    """A move this person may not make on this post now; the message says why."""


# --- Who may do what ---------------------------------------------------------


def is_publisher(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("blog.publish_post"))


def is_own(post: Post, user) -> bool:
    return post.author.user_id is not None and post.author.user_id == user.pk


def open_revision(post: Post) -> PendingRevision | None:
    """The post's pending changes not yet approved or discarded, if any."""
    if post.pk is None:
        return None
    return post.pending_revisions.open().first()


@dataclass(frozen=True)
class Moves:
    """What one person may do to one post now (the buttons the admin shows)."""

    submit: bool = False
    withdraw: bool = False
    review: bool = False  # publish, schedule, approve or return: the review screen
    unpublish: bool = False

    def __bool__(self) -> bool:
        return self.submit or self.withdraw or self.review or self.unpublish


def moves_for(post: Post, user, revision: PendingRevision | None = None) -> Moves:
    """The transitions ``user`` may take on ``post`` (and its pending ``revision``)."""
    publisher, own = is_publisher(user), is_own(post, user)
    if not (publisher or own):
        return Moves()
    if post.status == Post.Status.PUBLISHED:
        under_review = revision is not None and revision.status == PendingRevision.Status.REVIEW
        return Moves(
            # Her first edit makes the revision: "save and submit" on its form.
            submit=revision.is_editable if revision else own and not publisher,
            withdraw=under_review,
            review=publisher and under_review,
            # Taking a page down is never blocked (changes waiting are set aside).
            unpublish=publisher,
        )
    if post.status == Post.Status.REVIEW:
        return Moves(withdraw=True, review=publisher)
    # A draft, or a post taken down: back into review, or straight out by an editor.
    return Moves(submit=True, review=publisher)


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


def _locked(post: Post) -> tuple[Post, PendingRevision | None]:
    """The post as stored now, its row locked: two clicks at once move it once."""
    current = Post.objects.select_for_update().select_related("author").get(pk=post.pk)
    return current, open_revision(current)


def _step(post: Post, action: str, by, note: str = "", revision=None) -> ReviewStep:
    return ReviewStep.objects.create(
        post=post, revision=revision, action=action, note=note.strip(), by=by
    )


# --- The moves ---------------------------------------------------------------


@transaction.atomic
def submit_for_review(
    post: Post, by, note: str = "", base_url: str = "", *, notify: bool = True
) -> ReviewStep:
    """
    The author (or an editor) asks the editors to review the post or its
    pending changes; the editors are emailed unless ``notify`` is false (the
    demo's fictional authors write to nobody).
    """
    post, revision = _locked(post)
    _refuse_unless(moves_for(post, by, revision).submit, "This post cannot be submitted now.")
    if post.status == Post.Status.PUBLISHED:
        _refuse_unless(revision is not None, "There are no changes to submit.")
        revision.status = PendingRevision.Status.REVIEW
        revision.save(update_fields=["status", "updated_at"])
    else:
        post.status = Post.Status.REVIEW
        post.save()
    step = _step(post, Action.SUBMITTED, by, note, revision)
    if notify:
        notifications.after_commit(notifications.notify_editors_of_submission, step, base_url)
    return step


@transaction.atomic
def withdraw_from_review(post: Post, by, note: str = "") -> ReviewStep:
    """The author takes her post (or her changes) back from review to keep writing."""
    post, revision = _locked(post)
    _refuse_unless(moves_for(post, by, revision).withdraw, "This post is not in review.")
    if post.status == Post.Status.PUBLISHED:
        revision.status = PendingRevision.Status.DRAFT
        revision.save(update_fields=["status", "updated_at"])
    else:
        post.status = Post.Status.DRAFT
        post.save()
    return _step(post, Action.WITHDRAWN, by, note, revision)


@transaction.atomic
def return_to_author(post: Post, by, note: str, base_url: str = "") -> ReviewStep:
    """An editor sends the post (or the changes) back to its author, saying why."""
    post, revision = _locked(post)
    _refuse_unless(moves_for(post, by, revision).review, "Only an editor returns a post in review.")
    _refuse_unless(post.status != Post.Status.DRAFT, "This post is already a draft.")
    _refuse_unless(bool(note.strip()), "Tell the author what to change: the note is empty.")
    if post.status == Post.Status.PUBLISHED:
        revision.status = PendingRevision.Status.RETURNED
        revision.save(update_fields=["status", "updated_at"])
    else:
        post.status = Post.Status.DRAFT
        post.save()
    step = _step(post, Action.RETURNED, by, note, revision)
    notifications.after_commit(notifications.notify_author_of_return, step, base_url)
    return step


@transaction.atomic
def publish(
    post: Post, by, note: str = "", at: datetime | None = None, base_url: str = ""
) -> ReviewStep:
    """
    An editor publishes the post now, or schedules it for ``at``; for a
    published post, approves its pending changes (they go live now).
    """
    post, revision = _locked(post)
    _refuse_unless(moves_for(post, by, revision).review, "Only an editor publishes a post.")
    if post.status == Post.Status.PUBLISHED:
        approved = revision.as_post()
        _refuse_unless(not (problems := approved.blocked_links()), " ".join(problems))
        revision.apply()
        revision.status = PendingRevision.Status.APPROVED
        revision.save(update_fields=["status", "updated_at"])
        post.refresh_from_db()
        action = Action.APPROVED
    else:
        _refuse_unless(not (problems := post.blocked_links()), " ".join(problems))
        now = timezone.now()
        if at is not None:
            _refuse_unless(at > now, "Choose a time in the future to schedule it.")
            post.published_at = at
        elif post.published_at is None or post.published_at > now:
            post.published_at = now
        post.status = Post.Status.PUBLISHED
        post.save()
        action = Action.SCHEDULED if post.published_at > now else Action.PUBLISHED
    step = _step(post, action, by, note, revision)
    notifications.after_commit(notifications.notify_author_of_publication, step, base_url)
    return step


@transaction.atomic
def unpublish(post: Post, by, note: str = "") -> ReviewStep:
    """An editor takes a published (or scheduled) post off the site."""
    post, revision = _locked(post)
    _refuse_unless(is_publisher(by), "Only an editor unpublishes a post.")
    _refuse_unless(post.status == Post.Status.PUBLISHED, "This post is not published.")
    if revision is not None:
        # The changes were to a live page that is gone: the author's text is the post's now.
        revision.status = PendingRevision.Status.DISCARDED
        revision.save(update_fields=["status", "updated_at"])
    post.status = Post.Status.UNPUBLISHED
    post.save()
    return _step(post, Action.UNPUBLISHED, by, note)


@transaction.atomic
def save_pending_revision(post: Post, by, values: dict) -> PendingRevision:
    """
    Keep an author's edit of her published post aside, as its open pending
    revision (made on the first edit, updated by the next ones).
    """
    post, revision = _locked(post)
    _refuse_unless(is_own(post, by), "Only the post's author keeps changes for review.")
    _refuse_unless(post.status == Post.Status.PUBLISHED, "Only a published post keeps changes.")
    _refuse_unless(
        revision is None or revision.is_editable,
        "These changes are in review: withdraw them first.",
    )
    if revision is None:
        revision = PendingRevision(post=post, created_by=by)
    revision.data = {**revision.data, **PendingRevision.data_from(values)}
    revision.save()
    return revision


@transaction.atomic
def discard_pending_revision(post: Post, by) -> ReviewStep:
    """The author (or an editor) drops the pending changes: the live post stays as it is."""
    post, revision = _locked(post)
    _refuse_unless(revision is not None, "There are no pending changes.")
    _refuse_unless(
        is_publisher(by) or (is_own(post, by) and revision.is_editable),
        "These changes cannot be discarded now.",
    )
    revision.status = PendingRevision.Status.DISCARDED
    revision.save(update_fields=["status", "updated_at"])
    return _step(post, Action.DISCARDED, by, "", revision)
