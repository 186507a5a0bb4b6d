"""
The site's one Markdown-to-HTML function.

Every piece of Markdown a person typed (post bodies, author bios, category
descriptions, the admin's live preview) goes through ``render_markdown``, so
what an editor previews is exactly what readers get, and one allowlist
decides what HTML can reach a page.

It lives in ``authors`` because that app is the bottom of the dependency
chain (comments -> blog -> authors): every app may import it from here.
"""

import html
import re

import markdown
import nh3

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
    link_rel="noopener",
    strip_comments=True,
)

_EXTENSIONS = [
    "markdown.extensions.tables",
    "markdown.extensions.fenced_code",
    "markdown.extensions.sane_lists",
]


def render_markdown(text: str) -> str:
    """Render Markdown to HTML that is safe to mark safe in a template."""
    html = markdown.markdown(text or "", extensions=_EXTENSIONS, output_format="html")
    return _cleaner.clean(html)


_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def markdown_to_text(text: str) -> str:
    """The plain text of some Markdown: for excerpts, descriptions and word counts."""
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub(" ", render_markdown(text)))).strip()
