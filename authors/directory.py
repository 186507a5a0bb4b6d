"""
The directory at ``/authors/``: which filters a query string asks for, and
what the page shows for them (the matching authors, and every filter's
options with how many authors each would leave).

Filters are plain GET parameters, one value each, so that every page is a
link a reader can share and the page cache keys it on them alone
(``PARAMETERS``, declared in authors/page_cache.py). A value of the wrong
shape, or a focus area, approach, language or jurisdiction the site does not
know, is ignored: the page shows what the rest of the query asks.

Counting: every option's count is the number of authors matching the other
filters and that option (the usual faceted search). The page makes the same
number of queries whatever is chosen (tests/test_authors_directory.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import ClassVar

from django.db.models import CharField, Count, Q, Value
from django.http import QueryDict
from django.utils.http import urlencode

from .models import Approach, Author, Credential, FocusArea, Language
from .models.directory import DirectoryFacts, DirectoryTerm, attach_directory_terms

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
_YES = {"1", "yes", "on", "true"}
JURISDICTION_MAX = 120


@dataclass(frozen=True)
class DirectoryFilters:
    """What a reader chose; empty strings (and ``accepting=False``) are "any"."""

    focus: str = ""
    approach: str = ""
    language: str = ""
    format: str = ""
    jurisdiction: str = ""
    accepting: bool = False

    # Query parameter -> attribute, in the order links write them.
    PARAMETERS: ClassVar[dict[str, str]] = {
        "focus": "focus",
        "approach": "approach",
        "language": "language",
        "format": "format",
        "in": "jurisdiction",
        "accepting": "accepting",
    }

    LABELS: ClassVar[dict[str, str]] = {
        "focus": "focus area",
        "approach": "approach",
        "language": "language",
        "format": "sessions",
        "in": "licensed in",
        "accepting": "accepting new clients",
    }

    @classmethod
    def read(cls, query: QueryDict) -> DirectoryFilters:
        """The filters a query string asks for, each shape-checked; the rest is ignored."""

        def slug(name: str) -> str:
            value = query.get(name, "").strip()
            return value if _SLUG.fullmatch(value) else ""

        session_format = query.get("format", "")
        jurisdiction = " ".join(query.get("in", "").split())
        if len(jurisdiction) > JURISDICTION_MAX or not jurisdiction.isprintable():
            jurisdiction = ""
        return cls(
            focus=slug("focus"),
            approach=slug("approach"),
            language=slug("language"),
            format=session_format if session_format in DirectoryFacts.FORMATS else "",
            jurisdiction=jurisdiction,
            accepting=query.get("accepting", "").lower() in _YES,
        )

    @property
    def query(self) -> str:
        """The canonical query string (no "?"), the chosen filters only."""
        pairs = []
        for parameter, attribute in self.PARAMETERS.items():
            value = getattr(self, attribute)
            if value is True:
                pairs.append((parameter, "1"))
            elif value:
                pairs.append((parameter, value))
        return urlencode(pairs)

    @property
    def booking_query(self) -> str:
        """A directory booking link's query: its source and these filters (authors.booking)."""
        return "&".join(part for part in ["via=directory", self.query] if part)

    @property
    def description(self) -> str:
        """“focus area grief · licensed in Oregon · accepting new clients”, for reports."""
        parts = []
        for parameter, attribute in self.PARAMETERS.items():
            value = getattr(self, attribute)
            if value is True:
                parts.append(self.LABELS[parameter])
            elif value:
                parts.append(f"{self.LABELS[parameter]} {value}")
        return " · ".join(parts)

    @property
    def is_empty(self) -> bool:
        return not self.query

    def lookups(self, *, leaving_out: str = "") -> dict[str, object]:
        """Keyword arguments for ``AuthorQuerySet.matching``, without one filter if asked."""
        values = {attribute: getattr(self, attribute) for attribute in self.PARAMETERS.values()}
        if leaving_out:
            values[leaving_out] = type(getattr(self, leaving_out))()
        return values


@dataclass
class Option:
    label: str
    count: int
    query: str  # the page with this option chosen (or, if chosen, without it)
    selected: bool = False


@dataclass
class Facet:
    parameter: str
    title: str
    options: list[Option] = field(default_factory=list)


@dataclass
class Directory:
    """One directory page: the filters as understood, the authors, the facets."""

    filters: DirectoryFilters
    authors: list[Author]
    facets: list[Facet]

    @property
    def chosen(self) -> str:
        """“Couples · Spanish · Oregon”: the chosen options, as readers see them."""
        return " · ".join(
            option.label for facet in self.facets for option in facet.options if option.selected
        )


TERM_FACETS: list[tuple[str, str, type[DirectoryTerm]]] = [
    ("focus", "Focus area", FocusArea),
    ("approach", "Approach", Approach),
    ("language", "Language", Language),
]


def _option(filters: DirectoryFilters, attribute: str, value, label: str, count: int) -> Option:
    selected = getattr(filters, attribute) == value
    toggled = replace(filters, **{attribute: type(value)() if selected else value})
    return Option(label=label, count=count, query=toggled.query, selected=selected)


def _known(filters: DirectoryFilters, terms: list[tuple[str, str, str, int]]) -> DirectoryFilters:
    """Forget a focus area, approach or language the site does not have."""
    slugs = {(kind, slug) for kind, slug, _, _ in terms}
    unknown = {
        attribute: ""
        for attribute in ("focus", "approach", "language")
        if getattr(filters, attribute) and (attribute, getattr(filters, attribute)) not in slugs
    }
    return replace(filters, **unknown)


def licensed_places() -> list[str]:
    """Every jurisdiction an active author holds a verified, unexpired licence in. One query."""
    return list(
        Credential.objects.verified()
        .filter(kind=Credential.Kind.LICENCE, author__is_active=True)
        .exclude(jurisdiction="")
        .values_list("jurisdiction", flat=True)
        .distinct()
        .order_by("jurisdiction")
    )


def _place_named(places: list[str], jurisdiction: str) -> str:
    """The place as the site spells it, or "" when it knows none of that name."""
    return next((place for place in places if place.lower() == jurisdiction.lower()), "")


@dataclass
class Suggestions:
    """“Therapists who work with …” under a post (blog's post page)."""

    focus_areas: list[FocusArea]
    jurisdiction: str  # the reader's choice (``?in=``), as the site spells it, or ""
    places: list[str]  # what she may choose from
    authors: list[Author]
    post_slug: str

    @property
    def booking_query(self) -> str:
        """Booking links say the click came from this post's suggestions (authors.booking)."""
        chosen = DirectoryFilters(jurisdiction=self.jurisdiction).query
        return "&".join(part for part in [f"via=suggested&from={self.post_slug}", chosen] if part)

    @property
    def directory_links(self) -> list[tuple[FocusArea, str]]:
        """Each focus area with the directory's query for it (accepting, where she chose)."""
        return [
            (
                area,
                DirectoryFilters(
                    focus=area.slug, jurisdiction=self.jurisdiction, accepting=True
                ).query,
            )
            for area in self.focus_areas
        ]


def suggestions(focus_areas: list[FocusArea], query: QueryDict, post_slug: str) -> Suggestions:
    """
    Up to three therapists for a post's focus areas, licensed where the
    reader chose (``?in=``, ignored if the site knows no such place). Four
    queries: the places, the authors, their credentials, their lists' terms.
    """
    places = licensed_places()
    jurisdiction = _place_named(places, DirectoryFilters.read(query).jurisdiction)
    found = list(
        Author.objects.suggested_for(
            [area.pk for area in focus_areas], jurisdiction
        ).with_directory_facts()
    )
    attach_directory_terms(found)
    return Suggestions(
        focus_areas=focus_areas,
        jurisdiction=jurisdiction,
        places=places,
        authors=found,
        post_slug=post_slug,
    )


def directory(filters: DirectoryFilters) -> Directory:
    """The page for these filters, in six queries whatever they are."""
    authors = Author.objects.active()

    def others(attribute: str):
        """The authors matching every filter but this one, as a subquery."""
        return authors.matching(**filters.lookups(leaving_out=attribute)).values("pk")

    # 1: every jurisdiction an active author holds a verified licence in, with
    # how many of those matching the other filters hold one there.
    places = list(
        Credential.objects.verified()
        .filter(kind=Credential.Kind.LICENCE, author__is_active=True)
        .exclude(jurisdiction="")
        .values("jurisdiction")
        .annotate(count=Count("author", distinct=True, filter=Q(author__in=others("jurisdiction"))))
        .order_by("jurisdiction")
    )
    filters = replace(
        filters,
        jurisdiction=_place_named([p["jurisdiction"] for p in places], filters.jurisdiction),
    )

    # 2: every term of the three lists, with how many authors matching the
    # other filters have it (an unknown term in the query matches everyone).
    term_rows = [
        model.objects.annotate(
            kind=Value(parameter, output_field=CharField()),
            count=Count("authors", distinct=True, filter=Q(authors__in=others(parameter))),
        )
        .values_list("kind", "slug", "name", "count")
        .order_by()
        for parameter, _, model in TERM_FACETS
    ]
    terms = list(term_rows[0].union(*term_rows[1:], all=True).order_by("name"))
    filters = _known(filters, terms)

    facets = []
    for parameter, title, _ in TERM_FACETS:
        facet = Facet(parameter, title)
        for kind, slug, name, count in terms:
            if kind == parameter:
                facet.options.append(_option(filters, parameter, slug, name, count))
        facets.append(facet)

    # 3: sessions in person and online, and accepting new clients (confirmed
    # lately), each among those matching the other filters.
    others_but_accepting = authors.matching(**filters.lookups(leaving_out="accepting"))
    counts = authors.aggregate(
        **{
            value: Count("pk", filter=Q(pk__in=others("format"), **{attribute: True}))
            for value, (_, attribute) in DirectoryFacts.FORMATS.items()
        },
        accepting=Count(
            "pk", filter=Q(pk__in=others_but_accepting.accepting_clients().values("pk"))
        ),
    )
    facets.append(
        Facet(
            "format",
            "Sessions",
            [
                _option(filters, "format", value, label, counts[value])
                for value, (label, _) in DirectoryFacts.FORMATS.items()
            ],
        )
    )
    facets.append(
        Facet(
            "in",
            "Licensed in",
            [
                _option(filters, "jurisdiction", p["jurisdiction"], p["jurisdiction"], p["count"])
                for p in places
            ],
        )
    )
    facets.append(
        Facet(
            "accepting",
            "Availability",
            [_option(filters, "accepting", True, "Accepting new clients", counts["accepting"])],
        )
    )
    # 4-6: the authors, their credentials, their lists' terms.
    found = list(authors.matching(**filters.lookups()).with_directory_facts())
    attach_directory_terms(found)
    return Directory(filters=filters, authors=found, facets=facets)
