"""
The blog's panels on the admin's front page (core.dashboard).

Editors: what waits for them (posts in review, scheduled posts and when they
go live, clinical reviews due, outbound links to review) and the posts that
brought the most booking clicks in 30 days. Authors: their own drafts, what
is in review, what an editor sent back, and for licensed authors the
clinical reviews waiting for their sign-off.
"""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from authors.dashboard import profile_of, writes_for_us
from authors.models import BookingClick
from core import dashboard
from core.dashboard import Counts, Figure, Panel

from . import workflow
from .models import OutboundLink, Post

SCHEDULED_SHOWN = 5
TOP_POSTS = 5
TOP_POSTS_DAYS = 30
OWN_POSTS_SHOWN = 8

# The clinical review helper's list filter on posts (issue 14): the
# parameter this dashboard links to for "reviews due".
CLINICAL_REVIEWS_DUE_QUERY = "clinical_review=due"


def is_editor(user) -> bool:
    return workflow.is_publisher(user)


def at_author_desk(user) -> bool:
    """An author who is not an editor: her own posts, clicks and comments."""
    return not is_editor(user) and writes_for_us(user)


def post_list_url(query: str = "") -> str:
    url = reverse("admin:blog_post_changelist")
    return f"{url}?{query}" if query else url


def post_change_url(pk: int) -> str:
    return reverse("admin:blog_post_change", args=[pk])


# --- Editors: the desk --------------------------------------------------------


def desk_counts(request: HttpRequest) -> dict[str, Any]:
    return {
        "in_review": Post.objects.waiting_for_review(),
        "scheduled": Post.objects.scheduled(),
        "reviews_due": Post.objects.clinical_reviews_due(),
        "links": OutboundLink.objects.to_review(),
    }


def desk(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    """The counts, and the next scheduled posts with their times (1 query)."""
    now = timezone.localtime()
    upcoming = (
        Post.objects.scheduled()
        .select_related("author")
        .only("pk", "title", "published_at", "author__name")
        .order_by("published_at", "pk")[:SCHEDULED_SHOWN]
    )
    return {
        "figures": [
            Figure("waiting for review", counts["in_review"], post_list_url("review=waiting")),
            Figure(
                "clinical reviews due",
                counts["reviews_due"],
                post_list_url(CLINICAL_REVIEWS_DUE_QUERY),
                urgent=True,
            ),
            Figure(
                "outbound links to review",
                counts["links"],
                reverse("admin:blog_linktoreview_changelist"),
            ),
            Figure(
                "scheduled",
                counts["scheduled"],
                # The posts still to come, as of this page (the admin filters on any field).
                post_list_url(
                    urlencode(
                        {
                            "status__exact": "published",
                            "published_at__gt": now.isoformat(),
                        }
                    )
                ),
            ),
        ],
        "scheduled": [{"post": post, "url": post_change_url(post.pk)} for post in upcoming],
        "more_scheduled": max(counts["scheduled"] - SCHEDULED_SHOWN, 0),
    }


def top_posts(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    """
    The posts whose booking links were clicked most in 30 days, in one query:
    the clicks grouped by post (BookingClick.post_pk is a number, not a key:
    authors cannot depend on blog) from the (clicked_at, ...) index, the five
    largest groups, and only then their titles. Written as SQL around the
    ORM's grouped query: the ORM would group by the title's subquery too,
    looking a title up for every click.
    """
    since = timezone.now() - timedelta(days=TOP_POSTS_DAYS)
    top = (
        BookingClick.objects.filter(clicked_at__gte=since, post_pk__isnull=False)
        .values("post_pk")
        .annotate(clicks=Count("pk"))
        .order_by("-clicks", "post_pk")[:TOP_POSTS]
    )
    sql, params = top.query.sql_with_params()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ranked.post_pk, ranked.clicks, post.{quote('title')} "
            f"FROM ({sql}) AS ranked LEFT JOIN {quote(Post._meta.db_table)} AS post "
            f"ON post.{quote('id')} = ranked.post_pk "
            "ORDER BY ranked.clicks DESC, ranked.post_pk",
            params,
        )
        rows = cursor.fetchall()
    return {
        "posts": [
            {
                "title": title or f"(deleted post {pk})",
                "clicks": clicks,
                "url": post_change_url(pk) if title else "",
            }
            for pk, clicks, title in rows
        ],
        "days": TOP_POSTS_DAYS,
    }


# --- Authors: her own posts ---------------------------------------------------


def own_counts(request: HttpRequest) -> dict[str, Any]:
    mine = Post.objects.filter(author=profile_of(request.user))
    return {
        "drafts": mine.filter(status=Post.Status.DRAFT),
        # Her posts in review and her live posts' changes in review.
        "in_review": mine.waiting_for_review(),
    }


def own_posts(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    """
    Her drafts and posts in review, latest change first, and what an editor
    sent back with the note: one query for both lists.
    """
    author = profile_of(request.user)
    working_statuses = [Post.Status.DRAFT, Post.Status.REVIEW]
    rows = list(
        Post.objects.filter(author=author)
        .with_latest_step()
        .with_open_changes()
        .filter(
            Q(status__in=working_statuses) | Q(latest_action="returned") | Q(has_open_changes=True)
        )
        .only("pk", "title", "status", "updated_at")
        .order_by("-updated_at", "-pk")[: 2 * OWN_POSTS_SHOWN]
    )
    working = [post for post in rows if post.status in working_statuses or post.has_open_changes]
    sent_back = [
        post
        for post in rows
        if post.latest_action == "returned" and post.status != Post.Status.REVIEW
    ]
    return {
        "figures": [
            Figure("drafts", counts["drafts"], post_list_url("status__exact=draft")),
            Figure("in review", counts["in_review"], post_list_url("review=waiting")),
        ],
        "posts": [
            {"post": post, "url": post_change_url(post.pk)} for post in working[:OWN_POSTS_SHOWN]
        ],
        "sent_back": [
            {"post": post, "note": post.return_note, "url": post_change_url(post.pk)}
            for post in sent_back[:OWN_POSTS_SHOWN]
        ],
        "add_url": reverse("admin:blog_post_add"),
    }


def clinical_sign_offs(request: HttpRequest, counts: Counts) -> dict[str, Any] | None:
    """
    For an author with a verified licence: the posts waiting for her clinical
    sign-off, each linking to its sign-off screen (1 query). Nothing shows
    for anyone else.
    """
    waiting = list(
        Post.objects.awaiting_clinical_sign_off_by(profile_of(request.user))
        .select_related("author")
        .only("pk", "title", "status", "reviewed_on", "author__name")
        .order_by("next_review_due", "pk")[:OWN_POSTS_SHOWN]
    )
    if not waiting:
        return None
    return {
        "posts": [
            {"post": post, "url": reverse("admin:blog_post_clinical_review", args=[post.pk])}
            for post in waiting
        ]
    }


def register() -> None:
    """Called from BlogConfig.ready()."""
    dashboard.register(
        Panel(
            key="desk",
            title="Posts",
            template="admin/dashboard/desk.html",
            shows_for=is_editor,
            counts=desk_counts,
            load=desk,
            queries=1,
            order=20,
        )
    )
    dashboard.register(
        Panel(
            key="top-posts",
            title=f"Most booking clicks, last {TOP_POSTS_DAYS} days",
            template="admin/dashboard/top_posts.html",
            shows_for=is_editor,
            load=top_posts,
            queries=1,
            order=40,
        )
    )
    dashboard.register(
        Panel(
            key="own-posts",
            title="Your posts",
            template="admin/dashboard/own_posts.html",
            shows_for=at_author_desk,
            counts=own_counts,
            load=own_posts,
            queries=1,
            order=10,
        )
    )
    dashboard.register(
        Panel(
            key="clinical-sign-off",
            title="Clinical reviews waiting for you",
            template="admin/dashboard/clinical_sign_off.html",
            shows_for=at_author_desk,
            load=clinical_sign_offs,
            queries=1,
            order=15,
        )
    )
