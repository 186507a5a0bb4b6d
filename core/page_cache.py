"""
The whole-page cache for anonymous visitors, correct by construction.

A public view names what it shows with ``tag_response(request, post, post.author, ...)``
(model instances become tags such as ``post:12`` or ``author:3``; strings such
as ``"posts"`` are used as they are). ``PageCacheMiddleware`` then stores the
rendered page together with the current *version* of each of its tags, and
serves it again only while every one of those versions is unchanged. Saving an
object calls ``bump("post:12")``, which gives only that tag a new version: the
pages that showed the post miss, everything else stays cached. Nothing is
ever cleared wholesale.

Versions live in Django's cache (shared by all workers when it is Redis) next
to the time they were bumped. A page whose rendering started before the most
recent bump of one of its tags is not stored, because its database reads may
predate the change that the bump announced; that closes the race between a
slow render and a concurrent save.

Only anonymous GET/HEAD requests without a session or other per-visitor cookie
are served from or stored into the cache, and only responses that are 200,
set no cookie, and used neither a CSRF token nor the CSP nonce. A public page
that cannot be cached for one of these reasons (a logged-in reader, a form
with errors) is marked ``private, no-store`` so that no shared cache keeps it.

Parts of a page are cached the same way (``core.fragments``). Each model
declares the tags saving it bumps (``core.bumps``); each app's ``page_cache``
module says which tags its pages show.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date, urlencode

from .page_cache_rules import _is_personal, _may_use_cache, _storable

logger = logging.getLogger(__name__)

PAGE_KEY = "pagecache:page:"
TAG_KEY = "pagecache:tag:"
# A random value that changes with every bump: a process that checked a copy
# of a page at one value of the clock knows that nothing was bumped since as
# long as the clock still has that value, and saves reading every tag.
CLOCK_KEY = "pagecache:clock"
_CLOCK_ATTR = "_page_cache_clock"
# Request attributes a view fills through tag_response().
_TAGS_ATTR = "_page_cache_tags"
_EXPIRES_ATTR = "_page_cache_expires"
_STARTED_ATTR = "_page_cache_started"


def tag_for(obj: models.Model | str) -> str:
    """The tag of a model instance (``post:12``), or a string tag as it is."""
    if isinstance(obj, str):
        return obj
    return f"{obj._meta.model_name}:{obj.pk}"


def _flatten(objects: Iterable) -> Iterable[str]:
    for obj in objects:
        if obj is None:
            continue
        if isinstance(obj, str | models.Model):
            yield tag_for(obj)
        else:
            yield from _flatten(obj)


def tag_response(
    request: HttpRequest, *objects: object, expires_at: datetime | None = None
) -> None:
    """
    Declare that the page being rendered shows ``objects`` (model instances,
    string tags, or iterables of either), which makes it cacheable for
    anonymous visitors. ``expires_at`` ends its life early, e.g. when the next
    scheduled post goes live. May be called several times during one request.
    """
    tags = getattr(request, _TAGS_ATTR, None)
    if tags is None:
        tags = set()
        setattr(request, _TAGS_ATTR, tags)
    tags.update(_flatten(objects))
    if expires_at is not None:
        current = getattr(request, _EXPIRES_ATTR, None)
        if current is None or expires_at < current:
            setattr(request, _EXPIRES_ATTR, expires_at)


def _new_version() -> tuple[str, float]:
    return secrets.token_hex(6), time.time()


def bump(*tags: str) -> None:
    """
    Give each tag a new version, so every cached page showing it is rendered
    again on its next request. Call it after the change is visible to other
    connections; ``bump_on_commit`` does that for changes inside a transaction.
    """
    if tags:
        values: dict[str, object] = {TAG_KEY + tag: _new_version() for tag in set(tags)}
        # Every bump also changes the clock, in the same write.
        values[CLOCK_KEY] = secrets.token_hex(8)
        cache.set_many(values, timeout=None)


def bump_on_commit(*tags: str) -> None:
    """
    Bump now and again once the current transaction commits: the first bump
    covers code running in the same transaction (tests, shell), the second the
    pages other workers rendered from data read before the commit.
    """
    bump(*tags)
    transaction.on_commit(lambda: bump(*tags))


# Tag -> a function giving the time the pages showing that tag go out of date
# by themselves (e.g. "posts" -> when the next scheduled post goes live).
_EXPIRY_SOURCES: dict[str, Callable[[], datetime | None]] = {}


def register_expiry(tag: str, source: Callable[[], datetime | None]) -> None:
    """Every page tagged ``tag`` expires at the time ``source()`` returns (None: never)."""
    _EXPIRY_SOURCES[tag] = source


_MISSING = object()


def moment_until_bumped(
    name: str, tag: str, compute: Callable[[], datetime | None]
) -> datetime | None:
    """
    The moment ``compute()`` returns (when the next scheduled post goes live,
    when the next credential expires), kept in the cache until ``tag`` is
    bumped or that moment has passed. Keyed by the tag's version, so a value
    computed from data older than a change is never read.
    """
    key = f"pagecache:moment:{name}:{tag_version(tag)}"
    value = cache.get(key, _MISSING)
    if value is _MISSING or (value is not None and value <= timezone.now()):
        value = compute()
        cache.set(key, value, timeout=24 * 3600)
    return value


def tag_version(tag: str) -> str:
    """The current version of a tag, to key other cached values derived from it."""
    return _versions([tag])[tag][0]


def _versions(tags: Iterable[str]) -> dict[str, tuple[str, float]]:
    """Current versions of ``tags``; a tag never bumped (or evicted) gets one now."""
    keys = [TAG_KEY + tag for tag in tags]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            # A tag never bumped: no change to race with, hence time 0. add():
            # when two workers race, both end up with the same version.
            cache.add(key, (secrets.token_hex(6), 0.0), timeout=None)
        found.update(cache.get_many(missing))
    return {key.removeprefix(TAG_KEY): value for key, value in found.items()}


# The query parameters some public page reads (``page``, ``q``...), declared by
# the app whose pages read them. Only these are part of a page's key.
_KEY_PARAMETERS: set[str] = set()


def key_on_query_parameters(*names: str) -> None:
    """
    Public pages differ by these query parameters. Every other one (``utm_source``,
    a random cache-buster) changes nothing on any page, so it is left out of the
    key: such a request is served the cached page, and nobody can fill the cache
    with copies, or skip it, by inventing query strings.
    """
    _KEY_PARAMETERS.update(names)


def _page_key(request: HttpRequest) -> str:
    # Scheme and host are part of the key: pages and feeds contain absolute URLs.
    # Of a repeated parameter, the last value: the one request.GET.get() gives views.
    used = sorted((name, request.GET[name]) for name in _KEY_PARAMETERS if name in request.GET)
    url = request.build_absolute_uri(request.path)
    if used:
        url += "?" + urlencode(used)
    return PAGE_KEY + hashlib.sha256(url.encode()).hexdigest()


# Pages and fragments this process served lately, keyed like the shared
# cache, each with the clock at which it was last known fresh. Only copies:
# while the clock is unchanged a hit costs one small read; once it moved, the
# copy's tag versions are checked in the shared cache before it is used.
_recent: OrderedDict[str, tuple[tuple, str | None]] = OrderedDict()
_recent_lock = threading.Lock()


def _clock(request: HttpRequest) -> str | None:
    """The clock, read once per request, before anything it is used to trust."""
    if not hasattr(request, _CLOCK_ATTR):
        clock = cache.get(CLOCK_KEY)
        if clock is None:  # never bumped, or evicted: start one (add() never overwrites)
            cache.add(CLOCK_KEY, secrets.token_hex(8), timeout=None)
            clock = cache.get(CLOCK_KEY)
        setattr(request, _CLOCK_ATTR, clock)
    return getattr(request, _CLOCK_ATTR)


def _expired(entry: tuple) -> bool:
    expires = entry[-1]
    return expires is not None and time.time() >= expires


def _fresh(entry: tuple) -> bool:
    """Whether a stored page or fragment still shows what its tags say, and has not expired."""
    versions = entry[-2]  # both kinds of entry end with (versions, expires)
    if not versions or _expired(entry):
        return False
    current = cache.get_many([TAG_KEY + tag for tag in versions])
    return all(current.get(TAG_KEY + tag) == version for tag, version in versions.items())


def _remember(key: str, entry: tuple, clock: str | None) -> None:
    limit = settings.PAGE_CACHE_RECENT_PAGES * 5  # pages and their fragments
    with _recent_lock:
        _recent[key] = (entry, clock)
        _recent.move_to_end(key)
        while len(_recent) > limit:
            _recent.popitem(last=False)


def _find(request: HttpRequest, key: str) -> tuple | None:
    """A fresh stored page or fragment: this process's copy, or the shared one."""
    clock = _clock(request)
    with _recent_lock:
        local = _recent.get(key)
    if local is not None:
        entry, checked = local
        if clock is not None and checked == clock and not _expired(entry):
            return entry
        if _fresh(entry):
            _remember(key, entry, clock)
            return entry
    entry = cache.get(key)
    if entry is None or not _fresh(entry):
        return None
    _remember(key, entry, clock)
    return entry


def _lookup(request: HttpRequest) -> HttpResponse | None:
    entry = _find(request, _page_key(request))
    if entry is None:
        return None
    status, headers, content, _versions, _expires = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return response


def _lifetime(tags: Iterable[str], expires_at: datetime | None) -> tuple[float | None, int]:
    """When a page or fragment showing ``tags`` expires by itself, and its cache timeout."""
    for tag, source in _EXPIRY_SOURCES.items():
        if tag in tags and (when := source()) is not None:
            expires_at = when if expires_at is None else min(expires_at, when)
    expires = expires_at.timestamp() if expires_at is not None else None
    timeout = settings.PAGE_CACHE_TIMEOUT
    if expires is not None:
        timeout = min(timeout, max(1, int(expires - time.time()) + 1))
    return expires, timeout


def _started(request: HttpRequest) -> float:
    """When the page cache middleware began this request (now, outside it)."""
    return getattr(request, _STARTED_ATTR, None) or time.time()


def _versions_unbumped_since(tags: Iterable[str], started: float) -> dict | None:
    """
    The current versions of ``tags``, or None if one was bumped since ``started``
    (or within PAGE_CACHE_CLOCK_SKEW before): what was rendered or fetched may
    then predate that change, and must not be stored.
    """
    versions = _versions(tags)
    margin = settings.PAGE_CACHE_CLOCK_SKEW
    if any(bumped >= started - margin for _, bumped in versions.values()):
        return None
    return versions


def _store(request: HttpRequest, response: HttpResponse, tags: set[str]) -> None:
    versions = _versions_unbumped_since(tags, _started(request))
    if versions is None:
        return
    expires, timeout = _lifetime(tags, getattr(request, _EXPIRES_ATTR, None))
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "x-page-cache"]
    entry = (response.status_code, headers, response.content, versions, expires)
    cache.set(_page_key(request), entry, timeout=timeout)
    _remember(_page_key(request), entry, _clock(request))


class PageCacheMiddleware:
    """
    Serve and store whole pages for anonymous visitors (see the module docstring).

    Goes right after WhiteNoise and before the session middleware, so that a hit
    costs one or two cache reads and no database query, and a miss is stored with
    every header the inner middleware added (CSP, X-Frame-Options...). If the
    cache server is down, pages are rendered as if the cache were empty.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cacheable_request = _may_use_cache(request)
        if cacheable_request:
            try:
                hit = _lookup(request)
            except Exception:  # the cache server is down: render, never fail
                logger.warning("Page cache unavailable for lookup", exc_info=True)
                hit = None
            if hit is not None:
                return hit
        setattr(request, _STARTED_ATTR, time.time())
        response = self.get_response(request)
        tags = getattr(request, _TAGS_ATTR, None)
        if tags is None:
            return response  # not a public page: its view decides its own headers
        if (
            cacheable_request
            and not _is_personal(request, response)
            and _storable(response)
            and settings.PAGE_CACHE_ENABLED
        ):
            patch_cache_control(response, **_parse(settings.PAGE_CACHE_CONTROL))
            patch_vary_headers(response, ["Cookie"])
            if not response.has_header("Last-Modified"):
                response.headers["Last-Modified"] = http_date()
            set_response_etag(response)
            try:
                _store(request, response, tags)
            except Exception:
                logger.warning("Page cache unavailable for storing", exc_info=True)
            response.headers["X-Page-Cache"] = "miss"
        elif _is_personal(request, response) or not _storable(response):
            if response.status_code == 200 or request.method not in ("GET", "HEAD"):
                response.headers["Cache-Control"] = "private, no-store"
        else:
            # Public, but this request skipped the cache (disabled or bypassed).
            patch_cache_control(response, **_parse(settings.PAGE_CACHE_CONTROL))
        return response


def _parse(cache_control: str) -> dict[str, object]:
    """'public, s-maxage=60' -> {'public': True, 's_maxage': '60'} for patch_cache_control."""
    directives: dict[str, object] = {}
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.replace("-", "_")] = value or True
    return directives
