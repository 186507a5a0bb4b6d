"""
The comments' panels on the admin's front page (core.dashboard).

Moderators: comments waiting, crisis-held ones first and apart, the spam
folder (filed this week, and in all), and comments per week (approved, held,
spam). Authors: comments on their own posts, the
approved ones by name and text, the held ones only as a number (an editor
moderates them), and never a commenter's email address.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from authors.dashboard import profile_of
from blog.dashboard import at_author_desk
from core import dashboard
from core.charts import Series, stacked_bars, weeks
from core.dashboard import Counts, Figure, Panel

from .models import Comment

WEEKS = 12
RECENT_SHOWN = 5

# The chart's parts, in the moderation queue's words.
WEEKLY_KINDS = {
    "Approved": Q(status=Comment.Status.APPROVED),
    "Held": Q(status=Comment.Status.PENDING),
    "Spam": Q(status=Comment.Status.SPAM),
}


def moderates(user) -> bool:
    return user.has_perm("comments.change_comment")


def comment_list_url(query: str) -> str:
    return f"{reverse('admin:comments_comment_changelist')}?{query}"


# --- Moderators -----------------------------------------------------------------


def queue_counts(request: HttpRequest) -> dict[str, Any]:
    week_ago = timezone.now() - timedelta(days=7)
    return {
        "crisis": Comment.objects.pending().filter(crisis=True),
        "pending": Comment.objects.pending(),
        "spam": Comment.objects.spam(),
        "spam_week": Comment.objects.spam().filter(marked_spam_at__gte=week_ago),
    }


def queue(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    return {
        "figures": [
            Figure(
                "held with crisis language: read these first",
                counts["crisis"],
                comment_list_url("status__exact=pending&crisis__exact=1"),
                urgent=True,
            ),
            Figure(
                "awaiting moderation in all",
                counts["pending"],
                comment_list_url("status__exact=pending"),
            ),
            Figure(
                "filed as spam in the last 7 days",
                counts["spam_week"],
                reverse("admin:comments_spamcomment_changelist"),
            ),
            Figure(
                f"in the spam folder (deleted after {spam_keep_days()} days)",
                counts["spam"],
                reverse("admin:comments_spamcomment_changelist"),
            ),
        ]
    }


def spam_keep_days() -> int:
    return int(getattr(settings, "COMMENTS_SPAM_KEEP_DAYS", 30))


def weekly_chart(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    """Comments per week by what became of them: 1 query, 3 × 12 conditional counts."""
    periods = weeks(WEEKS)
    (row,) = dashboard.weekly_counts(
        Comment.objects.all(), "created_at", periods, kinds=WEEKLY_KINDS
    )
    chart = stacked_bars(
        "comments-per-week",
        "Comments per week",
        [week.label for week in periods],
        [Series(kind, row["counts"][kind]) for kind in WEEKLY_KINDS],
        unit="comments",
        long_categories=[week.long_label for week in periods],
        summary=f"Comments written per week over the last {WEEKS} weeks, "
        "by whether they were approved, are held for moderation or were marked spam.",
    )
    return {"chart": chart}


# --- Authors ----------------------------------------------------------------------


def on_own_posts(request: HttpRequest):
    return Comment.objects.filter(post__author=profile_of(request.user))


def own_counts(request: HttpRequest) -> dict[str, Any]:
    mine = on_own_posts(request)
    return {"approved": mine.approved(), "pending": mine.pending()}


def own_comments(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    """The latest approved comments on her posts (1 query): name, words, post; no address."""
    recent = (
        on_own_posts(request)
        .approved()
        .select_related("post")
        .only("pk", "name", "body", "created_at", "post__title", "post__slug")
        .order_by("-created_at", "-pk")[:RECENT_SHOWN]
    )
    return {
        "comments": [
            {
                "name": comment.name,
                "excerpt": Truncator(comment.body).chars(120),
                "created_at": comment.created_at,
                "post_title": comment.post.title,
                "url": f"{comment.post.get_absolute_url()}#comment-{comment.pk}",
            }
            for comment in recent
        ]
    }


def register() -> None:
    """Called from CommentsConfig.ready()."""
    dashboard.register(
        Panel(
            key="moderation",
            title="Comments awaiting moderation",
            template="admin/dashboard/figures.html",
            shows_for=moderates,
            counts=queue_counts,
            load=queue,
            order=10,
        )
    )
    dashboard.register(
        Panel(
            key="comments-per-week",
            title="Comments per week",
            template="admin/dashboard/chart.html",
            shows_for=moderates,
            load=weekly_chart,
            queries=1,
            order=60,
        )
    )
    dashboard.register(
        Panel(
            key="own-comments",
            title="Comments on your posts",
            template="admin/dashboard/own_comments.html",
            shows_for=at_author_desk,
            counts=own_counts,
            load=own_comments,
            queries=1,
            order=30,
        )
    )
