"""
Which comments this browser wrote, kept in a signed cookie: a writer without
an account sees their own held comment, and may edit or delete it for a few
minutes. The cookie holds comment ids and times, nothing personal.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import Comment

COOKIE = "comments_written"
SALT = "comments.written"
KEEP = 20  # the most recent comments remembered
MAX_AGE = 30 * 24 * 60 * 60


def edit_window_seconds() -> int:
    return int(getattr(settings, "COMMENTS_EDIT_MINUTES", 10)) * 60


def written(request: HttpRequest) -> dict[int, int]:
    """Comment id -> when this browser posted it."""
    raw = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
    found: dict[int, int] = {}
    for item in raw.split(","):
        pk, _, when = item.partition(":")
        if pk.isdigit() and when.isdigit():
            found[int(pk)] = int(when)
    return found


def remember(request: HttpRequest, response: HttpResponse, comment: Comment) -> None:
    items = written(request)
    items[comment.pk] = int(time.time())
    recent = sorted(items.items(), key=lambda item: item[1])[-KEEP:]
    response.set_signed_cookie(
        COOKIE,
        ",".join(f"{pk}:{when}" for pk, when in recent),
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def can_edit(request: HttpRequest, comment: Comment, ids: dict[int, int] | None = None) -> bool:
    """This browser wrote the comment, minutes ago, and it has not been moderated away."""
    ids = written(request) if ids is None else ids
    posted = ids.get(comment.pk)
    return (
        posted is not None
        and time.time() - posted <= edit_window_seconds()
        and comment.status in (Comment.Status.PENDING, Comment.Status.APPROVED)
    )
