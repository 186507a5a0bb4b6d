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

A scheduled post needs no save to go live, so every page showing ``posts``
expires at the moment the next scheduled post goes live.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from authors.page_cache import CREDENTIALS
from core.page_cache import (
    bump,
    bump_on_commit,
    key_on_query_parameters,
    moment_until_bumped,
    register_expiry,
    tag_for,
)

from .models import Category, Post, Tag

__all__ = [
    "bump",
    "card_tags",
    "connect",
    "next_post_goes_live",
    "post_links_tags",
    "post_page_tags",
]


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
    """What one post card shows: the post, its author's byline, its categories."""
    yield post
    yield f"author:{post.author_id}"
    yield CREDENTIALS  # the byline's verified mark
    yield from post.categories.all()


def card_tags(posts: Iterable[Post]) -> Iterator[object]:
    """What a list of post cards shows: which posts are listed, and each card."""
    yield "posts"
    for post in posts:
        yield from post_card_tags(post)


def post_page_tags(post: Post) -> Iterator[object]:
    """What a post page shows of the post itself: text, author, reviewer, categories, tags."""
    yield post
    yield f"author:{post.author_id}"
    if post.reviewed_by_id:
        yield f"author:{post.reviewed_by_id}"  # "Reviewed by NAME, CREDENTIALS"
    yield CREDENTIALS  # the byline's verified mark
    yield from post.categories.all()
    yield from post.tags.all()


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


# --- What saving blog objects bumps -----------------------------------------

_VISIBILITY_FIELDS = ("status", "published_at", "author_id")


def _membership_tags(post: Post) -> list[str]:
    """Tags of every list the post is (or was) a member of."""
    tags = ["posts"]
    if post.pk:
        tags += [f"category-posts:{pk}" for pk in post.categories.values_list("pk", flat=True)]
        tags += [f"tag-posts:{pk}" for pk in post.tags.values_list("pk", flat=True)]
        # Posts that hand-picked this one show it among their related posts.
        pickers = Post.related_posts.through.objects.filter(to_post_id=post.pk)
        tags += [f"post:{pk}" for pk in pickers.values_list("from_post_id", flat=True)]
    return tags


def _remember_old_state(sender, instance: Post, **kwargs) -> None:
    instance._page_cache_old = (
        Post.objects.filter(pk=instance.pk).values_list(*_VISIBILITY_FIELDS).first()
        if instance.pk
        else None
    )


def _post_saved(sender, instance: Post, created: bool, **kwargs) -> None:
    tags = [tag_for(instance)]
    old = getattr(instance, "_page_cache_old", None)
    new = tuple(getattr(instance, field) for field in _VISIBILITY_FIELDS)
    if created or old != new:
        tags += _membership_tags(instance)
    bump_on_commit(*tags)


def _post_deleting(sender, instance: Post, **kwargs) -> None:
    instance._page_cache_lists = _membership_tags(instance)


def _post_deleted(sender, instance: Post, **kwargs) -> None:
    bump_on_commit(tag_for(instance), *getattr(instance, "_page_cache_lists", ["posts"]))


def _object_saved(sender, instance, **kwargs) -> None:
    bump_on_commit(tag_for(instance))


def _object_deleted(sender, instance, **kwargs) -> None:
    list_tag = f"{instance._meta.model_name}-posts:{instance.pk}"
    bump_on_commit(tag_for(instance), list_tag, "posts")


def _m2m_changed(list_prefix: str):
    def receiver(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
        if action == "pre_clear":
            # The set about to be cleared is only readable now.
            if reverse:
                related = instance.posts
            else:
                related = getattr(instance, "categories" if list_prefix == "category" else "tags")
            instance._page_cache_cleared = set(related.values_list("pk", flat=True))
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        pks = pk_set if action != "post_clear" else getattr(instance, "_page_cache_cleared", set())
        if reverse:  # category.posts.add(post, ...)
            tags = [f"post:{pk}" for pk in pks] + [f"{list_prefix}-posts:{instance.pk}"]
        else:  # post.categories.add(category, ...)
            tags = [tag_for(instance)] + [f"{list_prefix}-posts:{pk}" for pk in pks]
        bump_on_commit("posts", *tags)

    return receiver


def _related_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    # related_name="+": only post.related_posts.add/remove/set/clear reach here.
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        bump_on_commit(tag_for(instance))


_category_m2m = _m2m_changed("category")
_tag_m2m = _m2m_changed("tag")


def connect() -> None:
    """Connect the receivers (from BlogConfig.ready)."""
    # Lists and search results are paginated (?page=); search reads ?q=.
    key_on_query_parameters("page", "q")
    pre_save.connect(_remember_old_state, sender=Post, dispatch_uid="page_cache_post_old")
    post_save.connect(_post_saved, sender=Post, dispatch_uid="page_cache_post_saved")
    pre_delete.connect(_post_deleting, sender=Post, dispatch_uid="page_cache_post_deleting")
    post_delete.connect(_post_deleted, sender=Post, dispatch_uid="page_cache_post_deleted")
    for model in (Category, Tag):
        uid = model._meta.model_name
        post_save.connect(_object_saved, sender=model, dispatch_uid=f"page_cache_{uid}_saved")
        post_delete.connect(_object_deleted, sender=model, dispatch_uid=f"page_cache_{uid}_del")
    m2m_changed.connect(
        _category_m2m, sender=Post.categories.through, dispatch_uid="page_cache_categories"
    )
    m2m_changed.connect(_tag_m2m, sender=Post.tags.through, dispatch_uid="page_cache_tags")
    m2m_changed.connect(
        _related_changed, sender=Post.related_posts.through, dispatch_uid="page_cache_related"
    )
    register_expiry("posts", next_post_goes_live)
    register_expiry("scheduled", next_post_goes_live)
