"""
Booking links: every one on the site goes through ``/authors/<slug>/book/``,
which counts the click and sends the reader to the author's stored address.

Counting happens here, next to the data, and the admin's report reads the
same numbers through ``click_report``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Author, BookingClick

RECENT_DAYS = 30
TOP_POSTS = 5


def record_click(author: Author, from_post_slug: str | None) -> BookingClick:
    """
    Count one click. ``from_post_slug`` comes from the request, so it only
    picks one of this author's own published posts; anything else counts as
    a click from elsewhere (the profile page).
    """
    post_pk = None
    if from_post_slug:
        # The reverse relation reaches the author's posts without importing blog.
        post_pk = (
            author.posts.published()
            .filter(slug=from_post_slug[:200])
            .values_list("pk", flat=True)
            .first()
        )
    return BookingClick.objects.create(author=author, post_pk=post_pk)


@dataclass
class ClickRow:
    author: Author
    total: int
    recent: int
    top_posts: list[tuple[str, int]] = field(default_factory=list)


def click_report(authors: QuerySet[Author]) -> list[ClickRow]:
    """
    Per author: all clicks, clicks in the last 30 days, and the posts whose
    booking links were clicked most. Three queries, however many authors.
    """
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    rows = [
        ClickRow(author=author, total=author.total_clicks, recent=author.recent_clicks)
        for author in authors.annotate(
            total_clicks=Count("booking_clicks"),
            recent_clicks=Count("booking_clicks", filter=Q(booking_clicks__clicked_at__gte=since)),
        ).order_by("-total_clicks", "name")
    ]
    by_author = {row.author.pk: row for row in rows}
    per_post = (
        BookingClick.objects.filter(author__in=by_author, post_pk__isnull=False)
        .values("author", "post_pk")
        .annotate(clicks=Count("pk"))
        .order_by("author", "-clicks", "post_pk")
    )
    counts: dict[int, list[tuple[int, int]]] = {}
    for item in per_post:
        counts.setdefault(item["author"], []).append((item["post_pk"], item["clicks"]))
    wanted = {pk for pairs in counts.values() for pk, _ in pairs[:TOP_POSTS]}
    # The post model, reached through the relation rather than imported.
    post_model = Author._meta.get_field("posts").related_model
    titles = dict(post_model.objects.filter(pk__in=wanted).values_list("pk", "title"))
    for author_pk, pairs in counts.items():
        by_author[author_pk].top_posts = [
            (titles.get(pk, "(a deleted post)"), clicks) for pk, clicks in pairs[:TOP_POSTS]
        ]
    return rows
