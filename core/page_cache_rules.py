"""
Which requests the page cache (``core.page_cache``) may answer, and which
responses it may keep.

Only anonymous GET/HEAD requests without a session or other per-visitor cookie
are served from or stored into the cache, and only responses that are 200,
set no cookie, and used neither a CSRF token nor the CSP nonce.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Vary headers a cached page may carry: cookies are handled by the bypass rules
# below, and pages are stored uncompressed.
_HARMLESS_VARY = {"cookie", "accept-encoding"}

# Cookies that make a request one visitor's, declared by the app that sets them.
_PRIVATE_COOKIES: set[str] = set()


def private_cookies(*names: str) -> None:
    """
    A request carrying one of these cookies belongs to one visitor (their own
    pending comment, say): it is never answered from, nor stored into, the
    shared cache. The session cookie and PAGE_CACHE_PRIVATE_COOKIES always are.
    """
    _PRIVATE_COOKIES.update(names)


def _has_private_cookie(request: HttpRequest) -> bool:
    names = {settings.SESSION_COOKIE_NAME, *settings.PAGE_CACHE_PRIVATE_COOKIES, *_PRIVATE_COOKIES}
    return any(name in request.COOKIES for name in names)


def _is_anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD with no session, per-visitor cookie or credentials, the cache on."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and "authorization" not in request.headers
        and not _has_private_cookie(request)
    )


def _bypasses(request: HttpRequest, *values: str) -> bool:
    """Whether the benchmark asked to skip the cache (X-Page-Cache), where that is allowed."""
    return settings.PAGE_CACHE_ALLOW_BYPASS and request.headers.get("x-page-cache") in values


def _may_use_cache(request: HttpRequest) -> bool:
    """Whether this request may be answered from, or stored in, the shared cache."""
    return _is_anonymous_read(request) and not _bypasses(request, "bypass", "bypass-all")


def _is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the response holds anything that belongs to this visitor alone."""
    user = getattr(request, "user", None)
    nonce = getattr(request, "_csp_nonce", None)
    return bool(
        (user is not None and user.is_authenticated)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.META.get("CSRF_COOKIE_USED")
        or nonce  # LazyNonce is true once a template evaluated it
        or response.cookies
        or response.has_header("Set-Cookie")
        or request.method not in ("GET", "HEAD")
        or _has_private_cookie(request)
    )


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.has_header("Content-Encoding"):
        # Compressed for this client's Accept-Encoding: the key does not vary on it.
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _HARMLESS_VARY
