"""
Schema.org JSON-LD for posts and author pages, built as Python dicts.

Pages render these through ``post_json_ld`` and ``author_json_ld`` (blog/
seo.py, globals of the Jinja2 templates), which serialise with json.dumps and
escape ``<``, ``>`` and ``&``, so no text an author typed can close the script
element.
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

DEFAULT_IMAGE = "img/og-default.png"


def absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def default_image_url(request: HttpRequest) -> str:
    return absolute(request, static(DEFAULT_IMAGE))


def post_image_url(request: HttpRequest, post) -> str:
    if post.featured_image:
        return absolute(request, post.featured_image.url)
    return default_image_url(request)


def person(author, request: HttpRequest) -> dict[str, Any]:
    """The one schema.org Person for an author, used on posts and author pages."""
    data: dict[str, Any] = {"@type": "Person", "name": author.name}
    if author.is_active:
        data["url"] = absolute(request, author.get_absolute_url())
    if author.headline:
        data["jobTitle"] = author.headline
    if author.photo:
        data["image"] = absolute(request, author.photo.url)
    # Only credentials an editor verified (Author.public_credentials): a
    # self-declared one is not claimed to search engines either.
    if abbreviations := author.credential_abbreviations:
        data["honorificSuffix"] = abbreviations
    # Only what carries the verified mark on the page: an expired one does not.
    verified = [
        {
            "@type": "EducationalOccupationalCredential",
            "name": credential.title or credential.abbreviation,
            "credentialCategory": credential.get_kind_display(),
        }
        for credential in author.verified_credentials
    ]
    if verified:
        data["hasCredential"] = verified
    # The author's own pages elsewhere; never the booking URL, which readers
    # reach only through the click counter (and not at all for inactive authors).
    same_as = [url for url in [author.website, *(url for _, url in author.social_link_list)] if url]
    if same_as:
        data["sameAs"] = same_as
    return data


def blog_posting(post, request: HttpRequest) -> dict[str, Any]:
    url = absolute(request, post.get_absolute_url())
    published = post.published_at or post.created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": post.seo_description or post.summary,
        "datePublished": published.isoformat(),
        "dateModified": max(post.updated_at, published).isoformat(),
        "image": [post_image_url(request, post)],
        "url": url,
        "mainEntityOfPage": web_page(post, url, request),
        "author": person(post.author, request),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "keywords": [tag.name for tag in post.tags.all()],
        "articleSection": [category.name for category in post.categories.all()],
    }
    # The key points, as the summary the article opens with.
    if points := post.key_point_list:
        data["abstract"] = "\n".join(points)
    if citations := [citation(reference) for reference in post.reference_list]:
        data["citation"] = citations
    return data


def citation(reference) -> dict[str, Any]:
    """One of the post's references (blog/models/evidence.py) as a schema.org CreativeWork."""
    work: dict[str, Any] = {"@type": "CreativeWork", "name": reference.text}
    if reference.link:
        work["url"] = reference.link
    if reference.doi:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi}
    return work


def web_page(post, url: str, request: HttpRequest) -> dict[str, Any]:
    """
    The page, with its clinical review: ``lastReviewed`` is the date of the
    last review, current or not; ``reviewedBy`` only while the review is
    current, as the page itself says "Reviewed by" only then.
    """
    page: dict[str, Any] = {"@type": "WebPage", "@id": url}
    if post.reviewed_on and post.reviewed_by_id:
        page["lastReviewed"] = post.reviewed_on.isoformat()
        if post.clinical_review_is_current:
            page["reviewedBy"] = person(post.reviewed_by, request)
    return page


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
    """The profile, whose Person also says what the directory shows of the practice."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute(request, author.get_absolute_url()),
        "mainEntity": person(author, request) | practice(author),
    }


def practice(author) -> dict[str, Any]:
    """
    ``knowsAbout`` (focus areas, then approaches) and ``knowsLanguage``, from
    the author's lists (read in one query, ``Author.directory_terms``). Not
    on posts' bylines: the post page does not fetch them.
    """
    data: dict[str, Any] = {}
    terms = author.directory_terms
    topics = [term.name for term in [*terms["focus"], *terms["approach"]]]
    if topics:
        data["knowsAbout"] = topics
    languages = [
        {"@type": "Language", "name": language.name, "alternateName": language.slug}
        for language in terms["language"]
    ]
    if languages:
        data["knowsLanguage"] = languages
    return data


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_json(data: Any) -> str:
    """JSON safe to place inside a <script> element (as Django's json_script does)."""
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
