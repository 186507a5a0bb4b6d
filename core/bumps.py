"""
The page cache's one receiver: what saving, deleting or relinking a model bumps.

A model takes part by declaring, near the top of its class:

- ``page_cache_tags()``: the tags of what pages show of it (``post:12``),
  bumped whenever it is saved or deleted;
- optionally ``page_cache_lists()``: the tags of the lists it is a member of,
  bumped when it is deleted (read before, while its relations still exist)
  and, if it also declares ``PAGE_CACHE_LIST_FIELDS``, when it is created or
  one of those fields changed: it joined, left or moved in those lists;
- optionally ``PAGE_CACHE_MEMBERSHIPS``: many-to-many fields that make it a
  member of the related objects' lists (a post in a category). A change to
  any of its many-to-many fields bumps its own tags, and to these also the
  related objects' lists. Both sides are known by primary key only there,
  so these declarations read nothing but ``pk``.

Every bump is made now and again on commit (``bump_on_commit``). Raw fixture
loads bump like any save. Bulk updates send no signal: their callers bump
(``comments.page_cache.bump_posts_of``).
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal

from .page_cache import bump_on_commit
from .receivers import connect, models_declaring

# Each many-to-many "through" model listened to: the model and field it belongs to.
_RELATIONS: dict[type[models.Model], tuple[type[models.Model], models.ManyToManyField]] = {}


def _remember_lists(sender, instance, **kwargs) -> None:
    fields = sender.PAGE_CACHE_LIST_FIELDS
    old = None
    if instance.pk:
        old = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    instance.__dict__["_page_cache_old"] = old


def _saved(sender, instance, created: bool, **kwargs) -> None:
    tags = list(instance.page_cache_tags())
    fields = getattr(sender, "PAGE_CACHE_LIST_FIELDS", None)
    if fields is not None:
        old = instance.__dict__.pop("_page_cache_old", None)
        if created or old != tuple(getattr(instance, field) for field in fields):
            tags += instance.page_cache_lists()
    bump_on_commit(*tags)


def _deleting(sender, instance, **kwargs) -> None:
    if hasattr(instance, "page_cache_lists"):
        instance.__dict__["_page_cache_lists"] = list(instance.page_cache_lists())


def _deleted(sender, instance, **kwargs) -> None:
    lists = instance.__dict__.pop("_page_cache_lists", [])
    bump_on_commit(*instance.page_cache_tags(), *lists)


def _relinked(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    owner_model, field = _RELATIONS[sender]
    membership = field.name in getattr(owner_model, "PAGE_CACHE_MEMBERSHIPS", ())
    cleared = f"_page_cache_cleared_{field.name}"
    if action == "pre_clear":
        # The set about to be cleared is only readable now.
        if membership or reverse:
            mine, theirs = field.m2m_field_name(), field.m2m_reverse_field_name()
            if reverse:
                mine, theirs = theirs, mine
            links = sender._default_manager.filter(**{mine: instance.pk})
            instance.__dict__[cleared] = set(links.values_list(theirs, flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = pk_set if action != "post_clear" else instance.__dict__.pop(cleared, set())
    # Models that declare page_cache_tags() (connect_receivers listens to no other).
    owners: list[Any]
    related: list[Any]
    if reverse:  # category.posts.add(post, ...)
        owners, related = [owner_model(pk=pk) for pk in pks], [instance]
    else:  # post.categories.add(category, ...)
        owners, related = [instance], [model(pk=pk) for pk in pks]
    tags = [tag for owner in owners for tag in owner.page_cache_tags()]
    if membership:
        tags += [tag for obj in related for tag in obj.page_cache_lists()]
    bump_on_commit(*tags)


def connect_receivers() -> None:
    """Listen to every model that declares its tags (from CoreConfig.ready)."""
    for model in models_declaring("page_cache_tags"):
        receivers: dict[Signal, Callable[..., None]] = {
            post_save: _saved,
            pre_delete: _deleting,
            post_delete: _deleted,
        }
        if hasattr(model, "PAGE_CACHE_LIST_FIELDS"):
            receivers[pre_save] = _remember_lists
        connect("page_cache", model, receivers)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            assert through is not None  # Django fills it in when the models are ready
            _RELATIONS[through] = (model, field)
            connect("page_cache", through, {m2m_changed: _relinked})
