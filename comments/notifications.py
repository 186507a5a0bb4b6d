"""
Mail about comments, queued after the transaction commits (``core.outbox``):
the task queue sends it, and retries while the mail server is down, so a
comment post never waits for the mail server or fails with it.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator

from core.outbox import queue_mail
from core.staff_mail import addresses_of_staff_who_may

from . import reply_addresses
from .models import Comment

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_token(comment: Comment) -> str:
    # Signs the comment id only: the link must not carry the address.
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def comment_from_unsubscribe_token(token: str) -> Comment | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def moderator_emails() -> list[str]:
    """Active staff with an address who may moderate comments, and COMMENTS_MODERATOR_EMAILS."""
    staff = addresses_of_staff_who_may("comments", "change_comment")
    extra = list(getattr(settings, "COMMENTS_MODERATOR_EMAILS", []))
    return sorted(set(staff) | set(extra))


def _send(subject: str, body: str, recipients: list[str], about: Comment) -> bool:
    """Queue one message to each recipient; whether there was anyone to write to."""
    return bool(queue_mail(subject=subject, body=body, to=recipients, about=f"comment {about.pk}"))


def notify_moderators(comment: Comment, base_url: str) -> None:
    reasons = comment.reasons_text or "none recorded"
    crisis = "CRISIS LANGUAGE. " if comment.crisis else ""
    admin_url = base_url + reverse("admin:comments_comment_change", args=[comment.pk])
    _send(
        f"[{settings.SITE_NAME}] {crisis}Comment held on “{comment.post.title}”",
        f"{comment.name} commented on “{comment.post.title}”. It is waiting for moderation.\n\n"
        f"Why it was held: {reasons}\n\n{comment.body}\n\nModerate it: {admin_url}\n",
        moderator_emails(),
        comment,
    )


def notify_post_author(comment: Comment, base_url: str) -> None:
    author = comment.post.author
    user = getattr(author, "user", None)
    if not author.notify_on_comments or not user or not user.email:
        return
    if comment.user_id and comment.user_id == user.pk:
        return
    state = "It is waiting for moderation." if comment.is_held else "It is published."
    _send(
        f"[{settings.SITE_NAME}] New comment on “{comment.post.title}”",
        f"{comment.name} commented on your post “{comment.post.title}”. {state}\n\n"
        f"{comment.body}\n\n{base_url}{comment.post.get_absolute_url()}#comments\n",
        [user.email],
        comment,
    )


def notify_reply(reply: Comment, base_url: str) -> None:
    """Tell the parent's writer, once, who asked to hear about replies."""
    parent = reply.parent
    if (
        reply.reply_notice_sent
        or reply.status != Comment.Status.APPROVED
        or parent is None
        or not parent.notify_replies
        or not parent.email
        or parent.email.casefold() == (reply.email or "").casefold()
        # Only to an address that confirmed it wants them (comments.reply_addresses).
        or not reply_addresses.is_confirmed(parent)
    ):
        return
    unsubscribe = base_url + reverse("comments:unsubscribe", args=[unsubscribe_token(parent)])
    sent = _send(
        f"[{settings.SITE_NAME}] {reply.name} replied to your comment",
        f"{reply.name} replied to your comment on “{reply.post.title}”:\n\n"
        f"{Truncator(reply.body).chars(1000)}\n\n"
        f"Read it: {base_url}{reply.get_absolute_url()}\n\n"
        f"Stop these emails with one click: {unsubscribe}\n",
        [parent.email],
        reply,
    )
    if sent:
        Comment.objects.filter(pk=reply.pk).update(reply_notice_sent=True)


def after_submit(comment: Comment, base_url: str) -> None:
    """Mail for a newly submitted comment, once the transaction commits."""

    def send() -> None:
        if comment.status == Comment.Status.SPAM:
            return
        if comment.is_held:
            notify_moderators(comment, base_url)
        notify_post_author(comment, base_url)
        notify_reply(comment, base_url)
        if comment.notify_replies and comment.email and not reply_addresses.is_confirmed(comment):
            reply_addresses.ask_to_confirm(comment, base_url)

    transaction.on_commit(send)


def after_approval(comments: list[Comment], base_url: str) -> None:
    """Reply notices for comments a moderator just approved."""

    def send() -> None:
        for comment in comments:
            comment.status = Comment.Status.APPROVED
            notify_reply(comment, base_url)

    transaction.on_commit(send)
