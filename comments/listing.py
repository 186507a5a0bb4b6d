"""
A page of comment threads as the list prints them: one flat run of items.

Rendering the threads by including a partial per comment, each asking its
comment for its initials, badge and dates through filters, cost about 0.16 ms
a comment (a 200-comment post spent two thirds of its cold render there, issue
19). Here every value is computed once in Python and the tree is walked here,
so the template is one loop without includes or filters; the items are dicts,
which the template language reads at its first try (an object's attributes it
reaches only after a failed ``item["name"]``).

The template still escapes every value: only ``body_html`` is HTML, from
``comments.text.comment_html`` (the comment escaped, its links made), which
the list's ``comment_text`` filter called before.
"""

from datetime import datetime
from typing import TypedDict

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from .models import Comment
from .text import comment_html

# As the list showed it with the date filter: "March 4, 2026 at 9:05 a.m.".
DATE_FORMAT = r"F j, Y \a\t g:i a"  # what date_text writes


class ListedComment(TypedDict):
    """One comment of the list, everything it prints computed once."""

    comment: Comment
    pk: int
    name: str
    url: str
    depth: int  # 1 for a thread's first comment, as the CSS classes count
    is_held: bool
    is_placeholder: bool  # a removed parent, kept so that its replies stay in their thread
    initials: str
    avatar_variant: int
    badge: str
    badge_class: str
    datetime: str  # ISO 8601, for <time datetime>
    date: str
    body_html: SafeString
    has_children: bool  # its item stays open for an <ol class="children"> of replies
    closes: range  # after it: how many reply lists (and their parents' items) end


def listed_comments(roots: list[Comment]) -> list[ListedComment]:
    """The threads under ``roots`` in reading order, each comment before its replies."""
    listed: list[ListedComment] = []
    _walk(roots, 0, listed)
    return listed


def _walk(comments: list[Comment], closes_after_last: int, listed: list[ListedComment]) -> None:
    # Depth is at most COMMENTS_MAX_DEPTH (three levels): recursion stays shallow.
    for position, comment in enumerate(comments):
        closes = closes_after_last if position == len(comments) - 1 else 0
        children = getattr(comment, "children", ())
        if children:
            listed.append(_item(comment, has_children=True, closes=0))
            _walk(children, closes + 1, listed)
        else:
            listed.append(_item(comment, has_children=False, closes=closes))


def _item(comment: Comment, *, has_children: bool, closes: int) -> ListedComment:
    placeholder = getattr(comment, "is_placeholder", False)
    item = ListedComment(
        comment=comment,
        pk=comment.pk,
        name="",
        url="",
        depth=comment.depth + 1,
        is_held=comment.is_held,
        is_placeholder=placeholder,
        initials="",
        avatar_variant=0,
        badge="",
        badge_class="",
        datetime="",
        date="",
        body_html=SafeString(""),
        has_children=has_children,
        closes=range(closes),
    )
    if placeholder:
        return item
    badge = comment.badge
    created_at = _local(comment.created_at)
    item.update(
        name=comment.name,
        url=comment.url,
        initials=comment.initials,
        avatar_variant=comment.avatar_variant,
        badge=badge,
        badge_class=badge.lower(),
        # What the date filter gave ("c" is isoformat()), in the current time zone.
        datetime=created_at.isoformat(),
        date=date_text(created_at),
        body_html=comment_html(comment.body),
    )
    return item


def date_text(moment: datetime) -> str:
    """
    ``moment`` as ``format_date(moment, DATE_FORMAT)`` writes it, without
    parsing the format and reading settings for every comment (a third of the
    list's remaining cost, issue 19); a test holds the two equal.
    """
    meridiem = gettext("p.m.") if moment.hour > 11 else gettext("a.m.")
    return (
        f"{MONTHS[moment.month]} {moment.day}, {moment.year:04d} at "
        f"{moment.hour % 12 or 12}:{moment.minute:02d} {meridiem}"
    )


def _local(moment: datetime) -> datetime:
    """The moment in the current time zone, as templates show an aware datetime."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment
