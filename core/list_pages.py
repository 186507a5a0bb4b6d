"""
One page of a paginated list kept like a fragment (``core.fragments.cached_object``).

A list page (home, an archive, an author's posts) that the page cache cannot
answer but whose cards are fresh fragments still had to count its rows and
read them again, with their related objects: most of such a page miss's time,
in building queries. ``KeptListPageMixin`` keeps the page's count and rows
under the same tags the page declares, so a miss needs neither again while
none of them changed. Requests that may not use fragments (logged in, or
``X-Page-Cache: bypass-all``) read them as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .fragments import cached_object


@dataclass
class KeptPage:
    """What a list page read: how many rows in all, which page, and its rows."""

    count: int
    number: int
    rows: list


class _KeptRows:
    """The kept page as a Paginator sees an object list: its length, and the one slice kept."""

    def __init__(self, kept: KeptPage, per_page: int) -> None:
        self.kept, self.start = kept, (kept.number - 1) * per_page

    def __len__(self) -> int:
        return self.kept.count

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.start != self.start:
            raise IndexError("Only the kept page's rows are known.")
        return self.kept.rows


class KeptListPageMixin:
    """
    For a ``ListView``: its page's count and rows kept like a fragment.
    ``kept_page_tags(rows)`` says what the rows show (the tags the page
    declares for them); the name is the path and the page asked for.
    """

    request: Any
    kwargs: dict
    page_kwarg: str
    get_paginator: Any
    get_paginate_orphans: Any
    get_allow_empty: Any

    def kept_page_tags(self, rows: list) -> Iterable:
        raise NotImplementedError

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple:
        def fetch() -> KeptPage:
            # The ListView's own method, next in the view's MRO (mypy sees only the mixin).
            paginate = super(KeptListPageMixin, self).paginate_queryset  # type: ignore[misc]
            paginator, page, rows, _ = paginate(queryset, page_size)
            return KeptPage(paginator.count, page.number, list(rows))

        asked = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        kept = cached_object(
            self.request,
            f"list-page|{self.request.path}|page:{asked}",
            fetch,
            tags_of=lambda kept: self.kept_page_tags(kept.rows),
            shareable=lambda kept: True,
        )
        paginator = self.get_paginator(
            _KeptRows(kept, page_size),
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.page(kept.number)
        return paginator, page, page.object_list, page.has_other_pages()
