"""
The two ends of a redirect, each written one way (``core.models.Redirect``).

- The *old path* is where readers' saved links land on this site: a path
  only. A full URL (a WordPress permalink, say) keeps only its path; the
  query and fragment are dropped, since the redirect passes the reader's
  query on. It is stored percent-encoded exactly as ``canonical_path``
  writes the path of a request, so a lookup is one indexed equality. One
  exception: WordPress's short links, ``/?p=123`` and ``/?page_id=123``,
  are kept whole (``short_link``), since their query is the address; the
  middleware looks them up before the home page answers.
- The *new path* is where the reader is sent: a path on this site (with a
  query or fragment if wanted), or, for editors, an absolute ``https://``
  URL of another site. Links are read the way a browser reads them
  (``core.weblinks``), so ``//evil.example`` or ``/\\evil.example`` count as
  the other site they lead to, never as a path here.
"""

import re
from urllib.parse import unquote, urlsplit

import ada_url

from .weblinks import SITE_ORIGIN, resolve

MAX_LENGTH = 500
_SHORT_LINK = re.compile(r"(?:p|page_id)=\d{1,20}")


class RedirectPathError(ValueError):
    """A path or URL a redirect cannot use; the message says why, for a form."""


def canonical_path(path: str) -> str:
    """
    A decoded path (``request.path``) written as stored: percent-encoded the
    way browsers encode a path, dot segments resolved.
    """
    url = ada_url.URL(SITE_ORIGIN + "/")
    url.pathname = path if path.startswith("/") else "/" + path
    return url.pathname


def _check_printable(value: str, what: str) -> None:
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise RedirectPathError(f"The {what} may not contain spaces or control characters.")


def normalise_old_path(value: str) -> str:
    """``https://old.example/2019/post/?p=1`` -> ``/2019/post/``; refuses what is no path."""
    text = (value or "").strip()
    if not text:
        raise RedirectPathError("Enter the old path, e.g. /blog/old-title/.")
    _check_printable(text, "old path")
    parts = urlsplit(text)
    path = canonical_path(unquote(parts.path))
    if path == "/" and (short := short_link(parts.query)):
        return short
    if len(path) > MAX_LENGTH:
        raise RedirectPathError(f"The old path is longer than {MAX_LENGTH} characters.")
    if path == "/":
        raise RedirectPathError("The home page always answers: a redirect from it is never used.")
    return path


def short_link(query: str) -> str | None:
    """``p=123`` -> ``/?p=123``: a WordPress short link's old path; None for any other query."""
    return f"/?{query}" if _SHORT_LINK.fullmatch(query) else None


def normalise_new_path(value: str, *, allow_external: bool = True) -> str:
    """
    ``blog/new-title/`` -> ``/blog/new-title/``; an https URL of another site
    as a browser writes it. Refuses other schemes (``javascript:``...), URLs
    with a user name or password, and paths a browser would read as a host.
    """
    text = (value or "").strip()
    if not text:
        raise RedirectPathError("Enter the new path, e.g. /blog/new-title/.")
    _check_printable(text, "new path")
    url = resolve(text)
    if url is None:
        raise RedirectPathError("This is neither a path on this site nor a web address.")
    if url.origin == SITE_ORIGIN:
        if url.username or url.password:
            raise RedirectPathError("A path on this site cannot carry a user name or password.")
        location = url.pathname + url.search + url.hash
        if location.startswith("//"):
            raise RedirectPathError("A path must start with a single slash.")
    else:
        if not allow_external:
            raise RedirectPathError("Enter a path on this site, starting with /.")
        if url.protocol != "https:" or not url.hostname:
            raise RedirectPathError("Another site's address must start with https://.")
        if url.username or url.password:
            raise RedirectPathError("The address may not carry a user name or password.")
        location = url.href
    if len(location) > MAX_LENGTH:
        raise RedirectPathError(f"The new path is longer than {MAX_LENGTH} characters.")
    return location


def path_of(new_path: str) -> str | None:
    """The old path a request for ``new_path`` would be looked up by; None off-site."""
    url = resolve(new_path)
    if url is None or url.origin != SITE_ORIGIN:
        return None
    return url.pathname


def with_query(location: str, query: str) -> str:
    """``location`` with the request's query string kept (before any fragment)."""
    if not query:
        return location
    base, hash_mark, fragment = location.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}{query}"
    return joined + hash_mark + fragment
