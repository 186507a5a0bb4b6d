"""
A writer's own data: every comment written with an address, exported as
JSON or erased. The admin's actions (comments/admin.py) and the reader's own
request, confirmed through a link mailed to that address (``my_data`` in
comments/views.py), both call these.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.urls import reverse

from core.models import OutgoingMail
from core.outbox import queue_mail
from core.signed_links import read_link

from . import spam_learning
from .models import Comment, ConfirmedAddress
from .page_cache import bump_posts_of


def comments_of_emails(emails: list[str]) -> QuerySet[Comment]:
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
    return Comment.objects.filter(query)


def export_rows(comments: QuerySet[Comment]) -> list[dict]:
    return [
        {
            "id": comment.pk,
            "post": comment.post.title,
            "post_url": comment.post.get_absolute_url(),
            "parent": comment.parent_id,
            "name": comment.name,
            "email": comment.email,
            "website": comment.url,
            "comment": comment.body,
            "status": comment.status,
            "notify_replies": comment.notify_replies,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
        }
        for comment in comments.select_related("post").order_by("created_at")
    ]


def erase(comments: QuerySet[Comment]) -> tuple[int, int]:
    """
    Erase the comments: deleted, except those others replied to, which keep
    their place in the thread with every personal detail blanked.
    """
    bump_posts_of(comments)
    spam_learning.forget(comments)
    answered = list(comments.filter(replies__isnull=False).values_list("pk", flat=True).distinct())
    blanked = Comment.objects.filter(pk__in=answered).update(
        name="(erased)",
        email="",
        url="",
        body="(This comment was erased at its writer's request.)",
        ip_hash="",
        user_agent="",
        notify_replies=False,
        status=Comment.Status.REMOVED,
    )
    deleted = comments.exclude(pk__in=answered).delete()[0]
    return deleted, blanked


def erase_address(email: str) -> tuple[int, int, int]:
    """
    Everything kept about one address: its comments (erased as above), its
    confirmation for reply notices, and the mail sent to it. (deleted,
    blanked, messages erased).
    """
    deleted, blanked = erase(comments_of_emails([email]))
    ConfirmedAddress.objects.filter(email__iexact=email).delete()
    return deleted, blanked, OutgoingMail.objects.erase_address(email)


# --- The reader's own request, confirmed through a link to the address -------------

REQUEST_SALT = "comments.my-data"
REQUEST_HOURS = 24


def request_token(email: str) -> str:
    return signing.dumps(email.strip(), salt=REQUEST_SALT)


def email_from_request(token: str) -> str:
    """The address a my-data link was mailed to, or LinkProblem saying plainly why not."""
    return read_link(
        token,
        salt=REQUEST_SALT,
        holds=str,
        max_age=timedelta(hours=REQUEST_HOURS),
        expired=f"This link has expired (links work for {REQUEST_HOURS} hours). Ask for a new one.",
        nothing_done="Nothing was sent or erased.",
    )


def mail_request_link(email: str, base_url: str) -> None:
    """
    Mail the address a link to its comments, if it wrote any (queued). The
    page that asked says the same either way: nobody learns who commented.
    """
    if not comments_of_emails([email]).exists():
        return
    link = base_url + reverse("comments:my_data_confirm", args=[request_token(email)])
    queue_mail(
        subject=f"[{settings.SITE_NAME}] Your comments: download or erase them",
        body=(
            "You asked to download or erase the comments written with this address. "
            f"Open this link within {REQUEST_HOURS} hours to choose:\n\n{link}\n\n"
            "If it was not you, ignore this email: nothing is sent or erased without it.\n"
        ),
        to=[email],
        about="a reader's request for their comments",
    )


def export_payload(email: str) -> dict:
    return {"email": email, "comments": export_rows(comments_of_emails([email]))}
