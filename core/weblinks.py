"""
Where a link really goes, read the way a browser reads it.

Browsers follow the WHATWG URL Standard, which forgives a great deal:
``//evil.example`` keeps only the scheme of the page, ``/\\evil.example``
and ``https:\\evil.example`` read backslashes as slashes, and tabs or
newlines anywhere (``ht<TAB>tps://``, ``java<LF>script:``) are dropped
before anything else. Python's ``urllib`` follows none of this, so a check
built on it calls such links internal while the browser leaves the site.
Every "does this link leave the site, and for which host?" question is
therefore answered here, with ada-url (a maintained implementation of the
standard), resolving the link against the site's own origin as a page of
the site would.

The site's origin is not known to the code (one deployment may answer on
several names), so a reserved name stands for it: a link is internal only
when a browser resolves it onto the page's own origin, i.e. when it is
relative in the browser's eyes. An absolute link to the site's public
domain counts as outbound, as it always has here.
"""

import html

import ada_url

# Stands for "this site" (RFC 2606 reserves .invalid, so no real link can name it).
SITE_ORIGIN = "https://this-site.invalid"
_SITE_HOST = "this-site.invalid"
# Schemes that do not take the reader to another web page.
_NOT_A_PAGE = {"mailto:", "tel:"}


def resolve(href: str) -> ada_url.URL | None:
    """
    The URL a browser on one of the site's pages goes to for ``href`` (as
    written in an attribute, entities and all); None when it goes nowhere.
    """
    try:
        return ada_url.URL(html.unescape(href or ""), SITE_ORIGIN + "/")
    except ValueError:
        return None


def is_outbound(href: str) -> bool:
    """
    True when a browser following ``href`` from a page of the site leaves
    it: any resolved URL not on the site's own origin, except mailto: and
    tel: (which open another program, not another site). ``javascript:``
    and its kin count as outbound too: they are not the site's own pages.
    """
    url = resolve(href)
    if url is None or url.protocol in _NOT_A_PAGE:
        return False
    return url.origin != SITE_ORIGIN


def absolute(href: str, base: str | None = None) -> str:
    """``href`` resolved as a browser would (against ``base``, or the site's origin)."""
    try:
        return ada_url.URL(html.unescape(href or "").strip(), base or SITE_ORIGIN + "/").href
    except ValueError:
        return ""


def host_of(href: str) -> str:
    """
    The host a browser following ``href`` reaches, lower-case, without a
    trailing dot; "" for a link that stays on the site or reaches no host.
    """
    url = resolve(href)
    if url is None or not url.hostname or url.hostname == _SITE_HOST:
        return ""
    return url.hostname.lower().rstrip(".")
