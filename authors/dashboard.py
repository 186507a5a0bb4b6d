"""
The authors' panels on the admin's front page (core.dashboard): credentials
to verify or renew for editors, booking clicks per week for editors (every
author) and for each author (her own).
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from core import dashboard
from core.charts import PALETTE_SIZE, Chart, Series, stacked_bars, weeks
from core.dashboard import Counts, Figure, Panel

from .models import EXPIRY_WARNING_DAYS, Author, BookingClick, Credential

WEEKS = 12


def profile_of(user) -> Author | None:
    """The user's own author profile, or None; kept on the user for the rest of the request."""
    return getattr(user, "author_profile", None)


def sees_every_author(user) -> bool:
    return user.has_perm("authors.edit_any_author")


def writes_for_us(user) -> bool:
    """An author at her own desk: a profile, and not an editor (who sees everyone's)."""
    return not sees_every_author(user) and profile_of(user) is not None


# --- Credentials (editors) ---------------------------------------------------


def credential_counts(request: HttpRequest) -> dict[str, Any]:
    return {
        "awaiting": Credential.objects.awaiting_verification(),
        "expiring": Credential.objects.expiring_within(EXPIRY_WARNING_DAYS),
    }


def credential_figures(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    credentials = reverse("admin:authors_credential_changelist")
    return {
        "figures": [
            Figure("awaiting verification", counts["awaiting"], f"{credentials}?verified__exact=0"),
            Figure(
                f"expiring within {EXPIRY_WARNING_DAYS} days",
                counts["expiring"],
                f"{credentials}?expiry=soon",
                urgent=True,
            ),
        ]
    }


# --- Booking clicks per week --------------------------------------------------


def clicks_by_author_chart(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    """Every author's clicks, the busiest few as their own series and the rest as one. 1 query."""
    periods = weeks(WEEKS)
    rows = dashboard.weekly_counts(
        BookingClick.objects.all(), "clicked_at", periods, group_by=("author__name",)
    )
    rows.sort(key=lambda row: (-sum(row["counts"]["all"]), row["author__name"]))
    named = rows[: PALETTE_SIZE - 1] if len(rows) > PALETTE_SIZE else rows
    series = [Series(row["author__name"], row["counts"]["all"]) for row in named]
    if rest := rows[len(named) :]:
        series.append(
            Series(
                f"{len(rest)} other authors",
                [sum(row["counts"]["all"][i] for row in rest) for i in range(WEEKS)],
            )
        )
    return {"chart": _clicks_chart("clicks-by-author", "Booking clicks per week", series, periods)}


def own_clicks_chart(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    """The author's own clicks per week. 1 query, on the (author, clicked_at) index."""
    periods = weeks(WEEKS)
    profile = profile_of(request.user)
    (row,) = dashboard.weekly_counts(
        BookingClick.objects.filter(author=profile), "clicked_at", periods
    )
    series = [Series("Your booking clicks", row["counts"]["all"])]
    return {
        "chart": _clicks_chart("own-clicks", "Your booking clicks per week", series, periods),
        "report_url": reverse("admin:authors_bookingclick_changelist"),
    }


def _clicks_chart(key: str, title: str, series: list[Series], periods) -> Chart:
    return stacked_bars(
        key,
        title,
        [week.label for week in periods],
        series,
        unit="clicks",
        long_categories=[week.long_label for week in periods],
        summary=f"Clicks on booking links per week over the last {WEEKS} weeks.",
    )


def register() -> None:
    """Called from AuthorsConfig.ready()."""
    dashboard.register(
        Panel(
            key="credentials",
            title="Credentials",
            template="admin/dashboard/figures.html",
            shows_for=lambda user: user.has_perm("authors.verify_credential"),
            counts=credential_counts,
            load=credential_figures,
            order=30,
        )
    )
    dashboard.register(
        Panel(
            key="clicks-by-author",
            title="Booking clicks per week",
            template="admin/dashboard/chart.html",
            shows_for=sees_every_author,
            load=clicks_by_author_chart,
            queries=1,
            order=50,
        )
    )
    dashboard.register(
        Panel(
            key="own-clicks",
            title="Your booking clicks",
            template="admin/dashboard/chart.html",
            shows_for=writes_for_us,
            load=own_clicks_chart,
            queries=1,
            order=20,
        )
    )
