"""
Booking links: every one on the site goes through ``/authors/<slug>/book/``,
which counts the click and sends the reader to the author's stored address.

A click counts once per visitor, author and post within 30 minutes, and never
for a crawler, a link preview or a script (``crawlerdetect``, a maintained
list of user-agent patterns). The visitor is a keyed hash of her address and
user agent (HMAC with SECRET_KEY), kept only for those 30 minutes. Each link
says where it sits: ``?from=<post slug>`` in a post's byline and cards,
``?via=profile`` on the profile, ``?via=directory`` and the reader's filters
in the directory, ``?via=suggested&from=<post slug>`` under a post that
suggests therapists (any author's post).

Counting happens here, next to the data, and the admin's report reads the
same numbers through ``click_report``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from crawlerdetect import CrawlerDetect
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.client_address import client_ip

from .directory import DirectoryFilters
from .models import Author, BookingClick

RECENT_DAYS = 30
TOP_POSTS = 5
# A reader who clicks again within this time (back, click, double click) is not counted again.
REPEAT_WINDOW = timedelta(minutes=30)

# The ?via= values the site's own links carry; anything else is "elsewhere".
VIA_SOURCES = {
    "profile": BookingClick.Source.PROFILE,
    "directory": BookingClick.Source.DIRECTORY,
    "list": BookingClick.Source.DIRECTORY,  # links in pages cached before the directory
    "suggested": BookingClick.Source.SUGGESTED,
}
# Where the click keeps the reader's directory filters.
WITH_FILTERS = {BookingClick.Source.DIRECTORY, BookingClick.Source.SUGGESTED}

_crawlers = CrawlerDetect()


def is_crawler(user_agent: str) -> bool:
    """
    Crawlers, link previews and scripts. Every browser sends a user agent,
    so a request without one is not a reader either.
    """
    user_agent = user_agent.strip()
    return not user_agent or _crawlers.isCrawler(user_agent[:1000])


def visitor_key(request: HttpRequest) -> str:
    """A keyed hash of address and user agent: tells two readers apart, names neither."""
    user_agent = request.headers.get("user-agent", "")[:1000]
    return salted_hmac(
        "authors.booking.visitor", f"{client_ip(request)}\n{user_agent}", algorithm="sha256"
    ).hexdigest()


def record_click(author: Author, request: HttpRequest) -> BookingClick | None:
    """
    Count one click, or None when it does not count (a crawler, or the same
    reader on the same author and post within 30 minutes). ``?from=`` only
    picks one of this author's own published posts, or with
    ``?via=suggested`` any published post; ``?via=`` only one of the known
    sources; the directory's filters are kept only in their checked shape.
    """
    if is_crawler(request.headers.get("user-agent", "")):
        return None
    via = VIA_SOURCES.get(request.GET.get("via", ""))
    post_pk = None
    if from_post_slug := request.GET.get("from"):
        # The reverse relation reaches the posts without importing blog.
        posts = author.posts.published()
        if via == BookingClick.Source.SUGGESTED:
            posts = posts.model.objects.published()
        post_pk = posts.filter(slug=from_post_slug[:200]).values_list("pk", flat=True).first()
    if post_pk is not None and via != BookingClick.Source.SUGGESTED:
        source = BookingClick.Source.POST
    else:
        source = via or BookingClick.Source.ELSEWHERE
    filters = DirectoryFilters.read(request.GET).query if source in WITH_FILTERS else ""
    visitor = visitor_key(request)
    now = timezone.now()
    since = now - REPEAT_WINDOW
    # A double click sends two requests at once: the cache's atomic add lets
    # one through (across workers with Redis); the database then decides.
    if not cache.add(
        f"booking-click:{author.pk}:{post_pk}:{visitor}", 1, REPEAT_WINDOW.total_seconds()
    ):
        return None
    # What is older than the window is no use any more: forget who it was.
    BookingClick.objects.filter(clicked_at__lt=since).exclude(visitor="").update(visitor="")
    if BookingClick.objects.filter(
        author=author, post_pk=post_pk, visitor=visitor, clicked_at__gte=since
    ).exists():
        return None
    return BookingClick.objects.create(
        author=author,
        post_pk=post_pk,
        source=source,
        filters=filters[:300],
        visitor=visitor,
        clicked_at=now,
    )


@dataclass
class ClickRow:
    author: Author
    total: int
    recent: int
    top_posts: list[tuple[str, int]] = field(default_factory=list)
    # (label, clicks) for every source, in BookingClick.Source's order.
    by_source: list[tuple[str, int]] = field(default_factory=list)
    # The directory filters readers had chosen when they clicked, most clicked first.
    top_filters: list[tuple[str, int]] = field(default_factory=list)


def click_report(authors: QuerySet[Author]) -> list[ClickRow]:
    """
    Per author: all clicks, clicks in the last 30 days, where they came
    from, the posts whose booking links were clicked most and the directory
    filters readers had chosen. Four queries, however many authors.
    """
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    per_source = {
        f"from_{source.value}": Count(
            "booking_clicks", filter=Q(booking_clicks__source=source.value)
        )
        for source in BookingClick.Source
    }
    rows = [
        ClickRow(
            author=author,
            total=author.total_clicks,
            recent=author.recent_clicks,
            by_source=[
                (source.label, getattr(author, f"from_{source.value}"))
                for source in BookingClick.Source
            ],
        )
        for author in authors.annotate(
            total_clicks=Count("booking_clicks"),
            recent_clicks=Count("booking_clicks", filter=Q(booking_clicks__clicked_at__gte=since)),
            **per_source,
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
    per_filters = (
        BookingClick.objects.filter(author__in=by_author)
        .exclude(filters="")
        .values("author", "filters")
        .annotate(clicks=Count("pk"))
        .order_by("author", "-clicks", "filters")
    )
    for item in per_filters:
        row = by_author[item["author"]]
        if len(row.top_filters) < TOP_POSTS:
            chosen = DirectoryFilters.read(QueryDict(item["filters"]))
            row.top_filters.append((chosen.description, item["clicks"]))
    return rows
