"""
The admin's front page: panels that each app contributes, for the people they concern.

Each app registers its panels from its ``AppConfig.ready()`` (``authors``,
``blog`` and ``comments`` each have a ``dashboard.py``); core knows nothing
about posts or comments. A panel says

- for whom it shows (``shows_for(user)``: an editor, an author),
- which numbers it counts (``counts(request)``: name -> queryset); the counts
  of every panel on the page are taken together in **one** query
  (``count_each``), whatever the number of panels,
- what else it fetches (``load(request, counts)``: the context of its
  template), in exactly ``queries`` queries whatever the size of the data:
  aggregates in the database, never a query per row,
- and its template, rendered with ``panel`` (the ``ShownPanel``).

The admin index (templates/admin/index.html) shows ``panels_for(request)``.
The page has a budget of 10 queries for an editor and for an author
(tests/test_admin_dashboard.py): the session, the user, the two permission
queries of the app list and the "My profile" link take five of them.
Nothing is cached: an editor never sees a count older than the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest

from .charts import Week

Counts = Mapping[str, int]


def _no_counts(request: HttpRequest) -> dict[str, QuerySet]:
    return {}


def _no_data(request: HttpRequest, counts: Counts) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Panel:
    """One box on the admin's front page."""

    key: str  # unique, also the box's HTML id ("panel-<key>")
    title: str
    template: str
    shows_for: Callable[[Any], bool]  # the user -> whether she sees it
    counts: Callable[[HttpRequest], dict[str, QuerySet]] = _no_counts
    # None: nothing to show this person, the panel is left out.
    load: Callable[[HttpRequest, Counts], dict[str, Any] | None] = _no_data
    queries: int = 0  # what load() runs; the shared count query is not counted here
    order: int = 100  # lower comes first


@dataclass
class ShownPanel:
    """A panel as the template gets it: its definition, its counts and its data."""

    panel: Panel
    counts: Counts
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.panel.key

    @property
    def title(self) -> str:
        return self.panel.title

    @property
    def template(self) -> str:
        return self.panel.template


@dataclass(frozen=True)
class Figure:
    """A count on a panel, linking to the admin list it counts."""

    label: str
    count: int
    url: str
    urgent: bool = False  # marked when not zero (crisis-held comments, lapsed reviews)


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add a panel (registering one with the same key again replaces it: ready() may rerun)."""
    _panels[panel.key] = panel


def registered() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(request: HttpRequest) -> list[ShownPanel]:
    """
    The panels ``request.user`` may see, loaded: one query for every count of
    every panel, then each panel's own ``queries``.
    """
    user = request.user
    if not (user.is_active and user.is_staff):
        return []
    shown = [panel for panel in registered() if panel.shows_for(user)]
    wanted: dict[str, QuerySet] = {}
    for panel in shown:
        for name, queryset in panel.counts(request).items():
            wanted[f"{panel.key}.{name}"] = queryset
    counted = count_each(wanted)
    result = []
    for panel in shown:
        prefix = f"{panel.key}."
        counts = {
            name.removeprefix(prefix): value
            for name, value in counted.items()
            if name.startswith(prefix)
        }
        data = panel.load(request, counts)
        if data is not None:  # a panel with nothing for this person stays away
            result.append(ShownPanel(panel, counts, data))
    return result


def count_each(querysets: Mapping[str, QuerySet]) -> dict[str, int]:
    """
    ``{name: queryset.count()}`` in one query, however many querysets:
    ``SELECT (SELECT COUNT(*) FROM (...)), (SELECT COUNT(*) FROM (...)), ...``.
    No query when there is nothing to count. All on the first queryset's database.
    """
    if not querysets:
        return {}
    names = list(querysets)
    parts: list[str] = []
    params: list[Any] = []
    for index, name in enumerate(names):
        inner = querysets[name].order_by().values("pk")
        sql, inner_params = inner.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")
        params.extend(inner_params)
    database = querysets[names[0]].db
    with connections[database].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(names, row, strict=True)}


def weekly_counts(
    queryset: QuerySet,
    field: str,
    weeks: list[Week],
    *,
    group_by: tuple[str, ...] = (),
    kinds: Mapping[str, Q] | None = None,
) -> list[dict[str, Any]]:
    """
    How many rows of ``queryset`` fall in each of ``weeks`` (by the datetime
    ``field``), in one query, grouped by ``group_by`` (one result per group;
    one result in all without it). ``kinds`` splits the counts
    (``{"approved": Q(...), ...}``; rows matching none are left out).

    Each result: the ``group_by`` values and ``counts``, ``{kind: [n per week]}``.

    The database numbers each row's week with one CASE (on average half as
    many comparisons as weeks) and groups by it: far cheaper than a
    conditional COUNT per week, which compares every row with every week.
    The range filter on ``field`` reads only the weeks asked for, from an
    index that starts with the field (and covers ``group_by``).
    """
    week_number = Case(
        *[When(**{f"{field}__lt": week.end}, then=Value(i)) for i, week in enumerate(weeks)],
        output_field=IntegerField(),
    )
    within = queryset.filter(
        **{f"{field}__gte": weeks[0].start, f"{field}__lt": weeks[-1].end}
    ).order_by()
    annotations: dict[str, Any] = {"dashboard_week": week_number}
    if kinds:
        annotations["dashboard_kind"] = Case(
            *[When(condition, then=Value(kind)) for kind, condition in kinds.items()],
            default=Value(""),
            output_field=CharField(),
        )
    else:
        kinds = {"all": Q()}
        annotations["dashboard_kind"] = Value("all", output_field=CharField())
    rows = (
        within.annotate(**annotations)
        .values(*group_by, "dashboard_week", "dashboard_kind")
        .annotate(dashboard_count=Count("pk"))
    )
    results: dict[tuple, dict[str, Any]] = {}
    if not group_by:
        results[()] = {"counts": {kind: [0] * len(weeks) for kind in kinds}}
    for row in rows:
        key = tuple(row[name] for name in group_by)
        if key not in results:
            results[key] = {
                **dict(zip(group_by, key, strict=True)),
                "counts": {kind: [0] * len(weeks) for kind in kinds},
            }
        if row["dashboard_kind"] in kinds:
            results[key]["counts"][row["dashboard_kind"]][row["dashboard_week"]] += row[
                "dashboard_count"
            ]
    return list(results.values())
