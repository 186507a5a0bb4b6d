"""
A moderator's decisions on comments, as plain functions: the admin's actions
and its change form call them (comments/admin.py, comments/admin_spam.py).

Each changes the comments in bulk (no signals: the pages and the link
register are told here) and teaches the spam filter what was decided
(``comments.spam_learning``).
"""

from django.db.models import QuerySet
from django.utils import timezone

from blog.links import forget_links, register_links

from . import notifications, spam_learning
from .models import Comment, SpamLabel
from .page_cache import bump_posts_of


def hide(comments: QuerySet[Comment], status: str) -> int:
    """Take comments off their pages (spam or removed), kept in the database."""
    bump_posts_of(comments)
    for comment in comments:
        forget_links(comment)
    changes: dict = {"status": status}
    if status == Comment.Status.SPAM:
        changes["marked_spam_at"] = timezone.now()
    return comments.update(**changes)


def mark_spam(comments: QuerySet[Comment]) -> int:
    """Into the spam folder; the filter learns their sites, fingerprints and words."""
    chosen = list(comments.exclude(status=Comment.Status.SPAM))
    count = hide(Comment.objects.filter(pk__in=[comment.pk for comment in chosen]), "spam")
    spam_learning.teach(chosen, SpamLabel.SPAM)
    return count


def publish(comments: QuerySet[Comment], base_url: str, *, not_spam: bool = False) -> int:
    """
    Approve the comments exactly as they were posted (only their status
    changes), teach the filter they are not spam, and send the reply notices.
    Those that were spam (``not_spam``: all of them, from the spam folder)
    keep their fingerprints as "not spam" too: copies of them are not filed
    as spam again.
    """
    newly = list(comments.exclude(status=Comment.Status.APPROVED).select_related("post", "parent"))
    # Approved out of the spam folder from any list: "not spam" all the same.
    was_spam = {comment.pk for comment in newly if comment.status == Comment.Status.SPAM}
    approved = Comment.objects.filter(pk__in=[comment.pk for comment in newly])
    bump_posts_of(approved)
    approved.update(status=Comment.Status.APPROVED, marked_spam_at=None)
    for comment in newly:  # a bulk update sends no signals
        comment.status, comment.marked_spam_at = Comment.Status.APPROVED, None
        register_links(comment)
    spam_learning.teach([c for c in newly if c.pk in was_spam], SpamLabel.HAM, fingerprint=True)
    others = [comment for comment in newly if comment.pk not in was_spam]
    spam_learning.teach(others, SpamLabel.HAM, fingerprint=not_spam)
    notifications.after_approval(newly, base_url)
    return len(newly)


def status_changed(comment: Comment, before: str) -> None:
    """
    A moderator changed one comment's status on its form (call before saving
    it): when it went to the spam folder is kept, and the filter learns.
    """
    if comment.status == before:
        return
    if comment.status == Comment.Status.SPAM:
        comment.marked_spam_at = timezone.now()
        spam_learning.teach([comment], SpamLabel.SPAM)
        return
    comment.marked_spam_at = None
    if comment.status == Comment.Status.APPROVED:
        spam_learning.teach([comment], SpamLabel.HAM, fingerprint=before == Comment.Status.SPAM)
