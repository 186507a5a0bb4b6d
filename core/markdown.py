"""
The site's one Markdown-to-HTML function.

Every piece of Markdown a person typed (post bodies, author bios, category
descriptions, the admin's live preview) goes through ``render_markdown``, so
what an editor previews is exactly what readers get, and one allowlist
decides what HTML can reach a page.
"""

import html
import re
from collections.abc import Callable

import markdown
import nh3
from django.utils.text import Truncator

from .weblinks import is_outbound

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6",
    "p", "br", "hr",
    "ul", "ol", "li",
    "a", "img",
    "em", "strong", "del", "sup", "sub",
    "blockquote",
    "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}

# mailto: lets an author write their contact address; nothing else that runs
# code (javascript:, data:, vbscript:) or leaves the web.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# These elements are removed together with everything inside them, so the
# text of a <script> or <style> never shows up as page text either.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel=None,  # set per link below: outbound links may get nofollow
    strip_comments=True,
)

_EXTENSIONS = [
    "markdown.extensions.tables",
    "markdown.extensions.fenced_code",
    "markdown.extensions.sane_lists",
]


# nh3 serialises every anchor it keeps as <a href="..."[ title="..."]>, with
# quotes inside values escaped, so this pattern reads its own output exactly.
_ANCHOR_RE = re.compile(r'<a((?: (?:href|title)="[^"]*")*)>')
_HREF_RE = re.compile(r'href="([^"]*)"')

__all__ = ["is_outbound", "lead_text", "markdown_to_text", "render_markdown"]


def render_markdown(text: str, *, is_trusted_link: Callable[[str], bool] | None = None) -> str:
    """
    Render Markdown to HTML that is safe to mark safe in a template.

    Outbound links get rel="nofollow noopener" unless ``is_trusted_link``
    vouches for their URL: an editor must trust a site before the page
    passes it any standing. Links within the site get rel="noopener".
    """
    cleaned = _cleaner.clean(
        markdown.markdown(text or "", extensions=_EXTENSIONS, output_format="html")
    )

    def add_rel(match: re.Match) -> str:
        href = _HREF_RE.search(match.group(1))
        url = html.unescape(href.group(1)) if href else ""
        trusted = not is_outbound(url) or (is_trusted_link is not None and is_trusted_link(url))
        rel = "noopener" if trusted else "nofollow noopener"
        return f'<a{match.group(1)} rel="{rel}">'

    return _ANCHOR_RE.sub(add_rel, cleaned)


_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def markdown_to_text(text: str) -> str:
    """The plain text of some Markdown: for excerpts, descriptions and word counts."""
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub(" ", render_markdown(text)))).strip()


def lead_text(markdown: str, limit: int = 300) -> str:
    """
    The first paragraph of prose of some Markdown as plain text (headings,
    images, tables, code and quotes skipped), at most ``limit`` characters:
    a post's summary when it has no excerpt.
    """
    for paragraph in re.split(r"\n\s*\n", markdown or ""):
        paragraph = paragraph.strip()
        if paragraph and not paragraph.startswith(("#", "!", "|", "```", ">", "<")):
            return Truncator(markdown_to_text(paragraph)).chars(limit)
    return Truncator(markdown_to_text(markdown or "")).chars(limit)
