"""
Schema.org JSON-LD for posts and author pages, built as Python dicts.

Pages render these through the ``json_ld`` template tag (blog/templatetags/
seo.py), which serialises with json.dumps and escapes ``<``, ``>`` and ``&``,
so no text an author typed can close the script element.
"""

import datetime
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

DEFAULT_IMAGE = "img/og-default.png"


def absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def default_image_url(request: HttpRequest) -> str:
    return absolute(request, static(DEFAULT_IMAGE))


def post_image_url(request: HttpRequest, post) -> str:
    if post.featured_image:
        return absolute(request, post.featured_image.url)
    return default_image_url(request)


def _credentials(author) -> list:
    """
    The author's credentials in the author's order, or none. Credentials come
    from the author-profiles work (``author.credentials`` related rows); until
    that exists, or for an object without them, there are simply none.
    """
    related = getattr(author, "credentials", None)
    if related is None:
        return []
    return list(related.all() if hasattr(related, "all") else related)


def _is_verified(credential) -> bool:
    """Verified and not expired: an expired credential loses its mark by itself."""
    current = getattr(credential, "is_currently_verified", None)
    if current is not None:
        return bool(current() if callable(current) else current)
    if not getattr(credential, "is_verified", False):
        return False
    for name in ("expires_on", "expiry_date", "expires_at"):
        expiry = getattr(credential, name, None)
        if expiry is not None:
            if isinstance(expiry, datetime.datetime):
                return expiry >= timezone.now()
            return expiry >= timezone.localdate()
    return True


def person(author, request: HttpRequest) -> dict[str, Any]:
    """The one schema.org Person for an author, used on posts and author pages."""
    data: dict[str, Any] = {"@type": "Person", "name": author.name}
    if getattr(author, "is_active", False):
        data["url"] = absolute(request, author.get_absolute_url())
    if getattr(author, "headline", ""):
        data["jobTitle"] = author.headline
    if getattr(author, "photo", None):
        data["image"] = absolute(request, author.photo.url)
    credentials = _credentials(author)
    abbreviations = [c.abbreviation for c in credentials if getattr(c, "abbreviation", "")]
    if abbreviations:
        data["honorificSuffix"] = ", ".join(abbreviations)
    verified = [
        {
            "@type": "EducationalOccupationalCredential",
            "name": getattr(c, "title", "") or c.abbreviation,
            **({"credentialCategory": str(c.kind)} if getattr(c, "kind", "") else {}),
        }
        for c in credentials
        if _is_verified(c)
    ]
    if verified:
        data["hasCredential"] = verified
    if getattr(author, "booking_url", ""):
        data["sameAs"] = [author.booking_url]
    return data


def blog_posting(post, request: HttpRequest) -> dict[str, Any]:
    url = absolute(request, post.get_absolute_url())
    published = post.published_at or post.created_at
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": post.seo_description or post.summary,
        "datePublished": published.isoformat(),
        "dateModified": max(post.updated_at, published).isoformat(),
        "image": [post_image_url(request, post)],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": person(post.author, request),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "keywords": [tag.name for tag in post.tags.all()],
        "articleSection": [category.name for category in post.categories.all()],
    }


def breadcrumbs(post, request: HttpRequest) -> dict[str, Any]:
    trail = [(settings.SITE_NAME, reverse("blog:post_list"))]
    category = next(iter(post.categories.all()), None)
    if category is not None:
        trail.append((category.name, category.get_absolute_url()))
    trail.append((post.title, post.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(request, url)}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def profile_page(author, request: HttpRequest) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute(request, author.get_absolute_url()),
        "mainEntity": person(author, request),
    }


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_json(data: Any) -> str:
    """JSON safe to place inside a <script> element (as Django's json_script does)."""
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
