"""
Template tags for what search engines, feed readers and link previews read:
canonical URLs, absolute image URLs, JSON-LD, and ``capture`` so base.html can
use the page's title and description blocks in several tags at once.
"""

from django import template
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from blog import structured_data

register = template.Library()

# Query parameters that make a different page; any other is left off the
# canonical URL so tracking parameters do not split a page in two.
CANONICAL_PARAMS = ("q", "page")


class CaptureNode(template.Node):
    # Listed so {% block %}s inside stay overridable by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # The output is already escaped by autoescaping; keep it marked so.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token) -> CaptureNode:
    """{% capture name %}...{% endcapture %}: render once, use as {{ name }} anywhere after."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Usage: {% capture name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    params = []
    for name in CANONICAL_PARAMS:
        value = request.GET.get(name, "")
        if value and not (name == "page" and value == "1"):
            params.append((name, value))
    url = request.build_absolute_uri(request.path)
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


@register.simple_tag(takes_context=True)
def absolute_static(context, path: str) -> str:
    request: HttpRequest | None = context.get("request")
    url = static(path)
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    request: HttpRequest | None = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


def _script(context, *items: dict) -> SafeString:
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


@register.simple_tag(takes_context=True)
def post_json_ld(context, post) -> SafeString:
    """A post's BlogPosting and BreadcrumbList."""
    request = context["request"]
    return _script(
        context,
        structured_data.blog_posting(post, request),
        structured_data.breadcrumbs(post, request),
    )


@register.simple_tag(takes_context=True)
def author_json_ld(context, author) -> SafeString:
    """An author page's ProfilePage with the author's Person."""
    return _script(context, structured_data.profile_page(author, context["request"]))


@register.simple_tag(takes_context=True)
def post_image_url(context, post) -> str:
    return structured_data.post_image_url(context["request"], post)
