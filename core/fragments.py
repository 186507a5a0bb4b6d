"""
Parts of a public page cached like whole pages (``core.page_cache``).

``fragment()`` (and the templates' ``{% fragment %}`` tag, config/jinja2.py)
keeps a part of a page, and ``cached_object()`` the object a page is built
from: when one thing on a page changes, the page misses but only that part is
rendered again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString

from .page_cache import (
    _TAGS_ATTR,
    _clock,
    _find,
    _flatten,
    _lifetime,
    _remember,
    _started,
    _versions_unbumped_since,
)
from .page_cache_rules import _bypasses, _is_anonymous_read

logger = logging.getLogger(__name__)

FRAGMENT_KEY = "pagecache:fragment:"


def fragments_enabled(request: HttpRequest) -> bool:
    """
    Whether this request may read and store shared fragments: the same rules
    as whole pages (anonymous, no per-visitor cookie), and not when a
    benchmark asks for a render with nothing cached (``X-Page-Cache: bypass-all``).
    """
    return (
        _is_anonymous_read(request)
        and not _bypasses(request, "bypass-all")
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


def fragment(request: HttpRequest, name: str, tags: Iterable, render: Callable[[], str]) -> str:
    """
    A part of a public page, cached like a page: ``render()`` runs only when no
    fresh copy exists. ``name`` must say everything besides the tags that the
    HTML depends on (which post, which comment page, whether comments are open).
    The tags ``render`` declares with ``tag_response`` (e.g. the related posts it
    found) are stored with the fragment, checked on every use, and declared to
    the page again when the fragment is reused, so the page is invalidated
    exactly as if it had been rendered in full.

    This is what keeps a page cheap when one thing on it changed: a new comment
    renders the comment list again, not the article above it.
    """
    page_tags = getattr(request, _TAGS_ATTR, None)
    if page_tags is None:
        # Not a public page (a draft preview, a personal page): nothing is shared.
        return render()
    key_tags = set(_flatten(tags))
    if not fragments_enabled(request):
        page_tags.update(key_tags)
        return render()
    # Scheme and host are part of the key: fragments may hold absolute URLs.
    key = (
        FRAGMENT_KEY
        + hashlib.sha256(
            f"{request.scheme}://{request.get_host()}|{name}|{sorted(key_tags)}".encode()
        ).hexdigest()
    )
    try:
        html = _fragment_lookup(request, key)
    except Exception:
        logger.warning("Page cache unavailable for a fragment", exc_info=True)
        page_tags.update(key_tags)
        return render()
    if html is not None:
        return html
    started = _started(request)
    # Collect what the render itself declares, apart from the page's own tags.
    setattr(request, _TAGS_ATTR, set(key_tags))
    try:
        html = render()
        declared = getattr(request, _TAGS_ATTR)
    finally:
        setattr(request, _TAGS_ATTR, page_tags)
    page_tags.update(declared)
    _keep(request, key, str(html), declared, started)
    return html


def cached_object[T](
    request: HttpRequest,
    name: str,
    fetch: Callable[[], T],
    tags_of: Callable[[T], Iterable],
    shareable: Callable[[T], bool],
) -> T:
    """
    An object a public page is built from (a post with its author, categories
    and tags), kept like a fragment, so that a page put together again from
    cached fragments needs no query for it either. Only for requests that may
    use fragments, and only objects ``shareable`` says everyone may see.
    """
    if not fragments_enabled(request):
        return fetch()
    key = FRAGMENT_KEY + hashlib.sha256(f"object|{name}".encode()).hexdigest()
    try:
        entry = _find(request, key)
    except Exception:
        logger.warning("Page cache unavailable for an object", exc_info=True)
        return fetch()
    if entry is not None:
        return entry[0]
    started = _started(request)
    value = fetch()
    if shareable(value):
        _keep(request, key, value, set(_flatten(tags_of(value))), started)
    return value


def _keep(request: HttpRequest, key: str, value: object, tags: set[str], started: float) -> None:
    """Store a fragment or object unless one of its tags was bumped since the request began."""
    try:
        versions = _versions_unbumped_since(tags, started)
        if versions is None:
            return
        expires, timeout = _lifetime(tags, None)
        entry = (value, versions, expires)
        cache.set(key, entry, timeout=timeout)
        _remember(key, entry, _clock(request))
    except Exception:
        logger.warning("Page cache unavailable for storing a fragment", exc_info=True)


def _fragment_lookup(request: HttpRequest, key: str) -> str | None:
    entry = _find(request, key)
    if entry is None:
        return None
    html, versions, _expires = entry
    getattr(request, _TAGS_ATTR).update(versions)
    return SafeString(html)
