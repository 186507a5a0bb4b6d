"""
The blog's part of the page cache (the mechanism is ``core.page_cache``).

Tags the blog's pages show and its saves bump:

- ``post:<pk>``, ``category:<pk>``, ``tag:<pk>``: one object as it is displayed
  (title, name, summary, image...).
- ``posts``: which published posts exist and in what order. Home, archives
  and author pages list posts, so they show it; it is bumped only when a post
  appears, disappears, moves or changes author or categories, not when a
  title is fixed.
- ``category-posts:<pk>``, ``tag-posts:<pk>``: which published posts share
  a category or tag, which a post page's automatic related posts depend on.

Which of them saving a post, category or tag bumps, each model declares
(``page_cache_tags`` and ``page_cache_lists``, acted on by ``core.bumps``).
A scheduled post needs no save to go live, so every page showing ``posts``
expires at the moment the next scheduled post goes live.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from authors.models import DIRECTORY_TERMS
from authors.page_cache import CREDENTIALS
from core.page_cache import key_on_query_parameters, moment_until_bumped, register_expiry

from .models import Post


def next_post_goes_live() -> datetime | None:
    """When the next scheduled post becomes public, or None if none is scheduled."""
    # Scheduling or unscheduling a post bumps "posts".
    return moment_until_bumped(
        "next-live",
        "posts",
        lambda: (
            Post.objects.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        ),
    )


def post_card_tags(post: Post) -> Iterator[object]:
    """
    What one post card shows: the post, its author's compact byline (photo,
    name, verified credentials: the author's tag, which each credential's
    save bumps), its categories. No CREDENTIALS: a card carries no verified
    mark, the one thing that changes by itself when a credential expires.
    """
    yield post
    yield f"author:{post.author_id}"
    yield from post.categories.all()


def card_tags(posts: Iterable[Post]) -> Iterator[object]:
    """What a list of post cards shows: which posts are listed, and each card."""
    yield "posts"
    for post in posts:
        yield from post_card_tags(post)


def post_page_tags(post: Post) -> Iterator[object]:
    """
    What a post page shows of the post itself: text, author, reviewer,
    categories, tags, the names of its focus areas.
    """
    yield post
    yield f"author:{post.author_id}"
    if post.reviewed_by_id:
        yield f"author:{post.reviewed_by_id}"  # "Reviewed by NAME, CREDENTIALS"
    yield CREDENTIALS  # the byline's verified mark
    yield from post.categories.all()
    yield from post.tags.all()
    # The names of its focus areas ("Therapists who work with …"), without
    # reading whether it has any: an editor renames one very rarely.
    yield DIRECTORY_TERMS


def post_links_tags(post: Post) -> Iterator[object]:
    """
    What decides which posts a post page links to (previous, next, related):
    the published posts and their order, and which of them share a category or
    tag. The linked posts themselves are declared when they are fetched.
    """
    yield post  # its hand-picked related posts
    yield "posts"
    # Any scheduled post may join the related posts once it goes live.
    yield "scheduled"
    for category in post.categories.all():
        yield f"category-posts:{category.pk}"
    for tag in post.tags.all():
        yield f"tag-posts:{tag.pk}"


def declare() -> None:
    """What the blog's pages read and when they expire (from BlogConfig.ready)."""
    # Lists and search results are paginated (?page=); search reads ?q=.
    key_on_query_parameters("page", "q")
    register_expiry("posts", next_post_goes_live)
    register_expiry("scheduled", next_post_goes_live)
