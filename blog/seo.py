"""
What search engines, feed readers and link previews read: canonical URLs,
absolute URLs, and JSON-LD script elements (the public templates call these
through config/jinja2.py).
"""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from blog import structured_data

# Query parameters that make a different page; any other is left off the
# canonical URL so tracking parameters do not split a page in two.
CANONICAL_PARAMS = ("q", "page")


def canonical_url(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    params = []
    for name in CANONICAL_PARAMS:
        value = request.GET.get(name, "")
        if value and not (name == "page" and value == "1"):
            params.append((name, value))
    url = request.build_absolute_uri(request.path)
    if params:
        url += "?" + urlencode(params)
    return url


def absolute_static(request: HttpRequest | None, path: str) -> str:
    url = static(path)
    return request.build_absolute_uri(url) if request is not None else url


def absolute_url(request: HttpRequest | None, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def json_ld_scripts(*items: dict) -> SafeString:
    # A JSON-LD block is data, never run, so the CSP does not apply to it and it
    # carries no nonce: a nonce would make every page unique and uncacheable.
    return mark_safe(  # noqa: S308
        "".join(
            format_html(
                '<script type="application/ld+json">{}</script>',
                # to_json escapes <, > and &, so the data cannot end the element.
                mark_safe(structured_data.to_json(item)),  # noqa: S308
            )
            for item in items
        )
    )


def post_json_ld(request: HttpRequest, post) -> SafeString:
    """A post's BlogPosting and BreadcrumbList."""
    return json_ld_scripts(
        structured_data.blog_posting(post, request), structured_data.breadcrumbs(post, request)
    )


def author_json_ld(request: HttpRequest, author) -> SafeString:
    """An author page's ProfilePage with the author's Person."""
    return json_ld_scripts(structured_data.profile_page(author, request))
