"""
Reading on from a post (issue 5): the published posts just before and just
after it in time. A mixin of Post, kept out of posts.py for its length.
"""

from typing import Any

from django.db.models import Q, Subquery


class PostNavigationMixin:
    """Post's previous and next published posts."""

    pk: Any
    published_at: Any
    _default_manager: Any

    def neighbours(self) -> tuple[Any, Any]:
        """The published posts just before and just after this one in time, in one query."""
        if self.published_at is None:
            return None, None
        published = type(self)._default_manager.published()
        before = published.filter(
            Q(published_at__lt=self.published_at)
            | Q(published_at=self.published_at, pk__lt=self.pk)
        ).order_by("-published_at", "-pk")
        after = published.filter(
            Q(published_at__gt=self.published_at)
            | Q(published_at=self.published_at, pk__gt=self.pk)
        ).order_by("published_at", "pk")
        found = (
            type(self)
            ._default_manager.filter(
                Q(pk=Subquery(before.values("pk")[:1])) | Q(pk=Subquery(after.values("pk")[:1]))
            )
            .for_links()
        )
        previous = next_ = None
        for post in found:
            if (post.published_at, post.pk) < (self.published_at, self.pk):
                previous = post
            else:
                next_ = post
        return previous, next_

    def previous_post(self) -> Any:
        """The published post just before this one in time, if any."""
        return self.neighbours()[0]

    def next_post(self) -> Any:
        """The published post just after this one in time, if any."""
        return self.neighbours()[1]
