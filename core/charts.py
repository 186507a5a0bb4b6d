"""
Charts drawn on the server as accessible SVG (templates/admin/dashboard/_chart.html).

No JavaScript and nothing from another host: ``stacked_bars()`` computes the
geometry of a bar chart (one bar a period, one coloured part a series) in
the units of an SVG ``viewBox``, and the template draws it as
``<svg role="img">`` with a ``<title>``, a ``<desc>`` that says what it
shows in words, and the same numbers in a table. Colours are CSS classes
(``chart-series-N``, static/css/admin-dashboard.css) mapped to the admin's
own colour variables, so the charts follow its light and dark themes; the
strict CSP allows no ``style=`` attribute.

``weeks()`` gives the periods the dashboard counts in: the last N weeks,
Monday to Monday in the site's time zone, this (unfinished) week last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

# As many colours as the stylesheet defines (chart-series-0 .. -4); callers
# fold the rest into one "other" series.
PALETTE_SIZE = 5

WIDTH = 400
HEIGHT = 200
LEFT, RIGHT, TOP, BOTTOM = 36, 22, 12, 28  # room for the axis labels


@dataclass(frozen=True)
class Week:
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        return f"{self.start:%b} {self.start.day}"

    @property
    def long_label(self) -> str:
        return f"week of {self.start:%b} {self.start.day}, {self.start.year}"


def weeks(count: int = 12, now: datetime | None = None) -> list[Week]:
    """The last ``count`` weeks (Monday 00:00 local time), oldest first, this one last."""
    now = timezone.localtime(now)
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    starts = [monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    # Local midnights, a week apart even across a daylight-saving change.
    tz = timezone.get_current_timezone()
    starts = [timezone.make_aware(start.replace(tzinfo=None), tz) for start in starts]
    ends = [*starts[1:], timezone.make_aware((monday + timedelta(weeks=1)).replace(tzinfo=None))]
    return [Week(start, end) for start, end in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # the colour: chart-series-<series>
    label: str  # the tooltip: "Alice, week of Mar 3: 4"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Row:
    """One line of the chart's table: a period, each series' number, the total."""

    category: str
    values: list[int]
    total: int


@dataclass
class Chart:
    key: str
    title: str
    description: str
    unit: str
    categories: list[str]
    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def total(self) -> int:
        return sum(series.total for series in self.series)

    @property
    def rows(self) -> list[Row]:
        return [
            Row(category, values := [s.values[i] for s in self.series], sum(values))
            for i, category in enumerate(self.categories)
        ]

    @property
    def legend(self) -> list[tuple[int, Series]]:
        return list(enumerate(self.series))


def nice_ceiling(value: int) -> int:
    """The axis's top: a round number (2, 3, 4, 5, 6, 8 or 10 times a power of ten) >= ``value``."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def stacked_bars(
    key: str,
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    unit: str,
    long_categories: list[str] | None = None,
    summary: str = "",
) -> Chart:
    """
    A bar for each of ``categories``, each bar the ``series`` stacked in
    order. ``long_categories`` name the periods in the description and the
    tooltips ("week of Mar 3, 2025"); ``summary`` opens the description.
    """
    long_categories = long_categories or categories
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = nice_ceiling(max(totals, default=0))
    chart = Chart(
        key=key,
        title=title,
        description="",
        unit=unit,
        categories=categories,
        series=series,
    )
    plot_height = chart.baseline - TOP
    slot = (chart.right - chart.left) / max(len(categories), 1)
    bar_width = slot * 0.7
    for index, category in enumerate(long_categories):
        x = chart.left + slot * index + (slot - bar_width) / 2
        stacked = 0
        for number, part in enumerate(series):
            value = part.values[index]
            if not value:
                continue
            height = plot_height * value / top
            y = chart.baseline - plot_height * (stacked + value) / top
            chart.bars.append(
                Bar(
                    round(x, 1),
                    round(y, 1),
                    round(bar_width, 1),
                    round(height, 1),
                    number % PALETTE_SIZE,
                    f"{part.name}, {category}: {value} {unit}",
                )
            )
            stacked += value
    chart.y_ticks = [
        Tick(round(chart.baseline - plot_height * fraction, 1), f"{round(top * fraction):g}")
        for fraction in (0, 0.5, 1)
        if top * fraction == int(top * fraction)
    ]
    # Every other period is labelled, so that the labels never overlap on a phone.
    step = 2 if len(categories) > 6 else 1
    chart.x_ticks = [
        Tick(round(chart.left + slot * (index + 0.5), 1), category)
        for index, category in enumerate(categories)
        if (len(categories) - 1 - index) % step == 0
    ]
    chart.description = describe(chart, totals, long_categories, summary)
    return chart


def describe(chart: Chart, totals: list[int], long_categories: list[str], summary: str) -> str:
    """The chart in words, for the ``<desc>``: the total, the busiest period, each series."""
    parts = [summary] if summary else []
    if not chart.total:
        parts.append(f"No {chart.unit} in these {len(totals)} weeks.")
        return " ".join(parts)
    busiest = max(range(len(totals)), key=lambda i: (totals[i], i))
    parts.append(
        f"{chart.total} {chart.unit} in {len(totals)} weeks; the most, {totals[busiest]}, "
        f"in the {long_categories[busiest]}; this week so far {totals[-1]}."
    )
    if len(chart.series) > 1:
        parts.append(
            "By "
            + "; ".join(f"{s.name}: {s.total}" for s in chart.series)
            + ". The table below gives every week."
        )
    return " ".join(parts)
