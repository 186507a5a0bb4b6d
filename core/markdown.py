"""
The site's one Markdown-to-HTML function.

Every piece of Markdown a person typed (post bodies, author bios, category
descriptions, the admin's live preview) goes through ``render_markdown``, so
what an editor previews is exactly what readers get, and one allowlist
decides what HTML can reach a page.
"""

import html
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import markdown
import nh3
from django.utils.text import Truncator
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension, slugify_unicode

from .media import figures as library_figures
from .weblinks import is_outbound

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6",
    "p", "br", "hr",
    "ul", "ol", "li",
    "a", "img",
    "em", "strong", "del", "sup", "sub",
    "blockquote", "div",  # div: only ever the footnotes' list, the one class allowed below
    "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    # Anchors for the contents and the footnotes; _kept_id decides which survive.
    **{tag: {"id"} for tag in ("h1", "h2", "h3", "h4", "h5", "h6", "sup", "li")},
}

# What footnotes need (their reference, their list and the link back), and nothing else.
ALLOWED_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}

# The only ids a body may carry: headings' "h-<slug>", footnotes' "fn-<n>" and
# "fnref-<n>" (a second reference to one note: "fnref2-<n>"). Page templates
# use none of these prefixes, so nothing typed can take the id of the comment
# form or any other element scripts look up; and with a hyphen in it, an id
# is never a name a script could read as a global (window.name).
HEADING_ID_PREFIX = "h-"
_KEPT_ID_RE = re.compile(r"(?:h-[\w-]+|fn-\d+|fnref\d*-\d+)")

# mailto: lets an author write their contact address; nothing else that runs
# code (javascript:, data:, vbscript:) or leaves the web.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# These elements are removed together with everything inside them, so the
# text of a <script> or <style> never shows up as page text either.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}


def _kept_id(tag: str, attribute: str, value: str) -> str | None:
    if attribute != "id":
        return value
    return value if _KEPT_ID_RE.fullmatch(value) else None


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    attribute_filter=_kept_id,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel=None,  # set per link below: outbound links may get nofollow
    strip_comments=True,
)


class _NumberedFootnotes(FootnoteExtension):
    """
    Footnotes whose ids are their number ("fn-2", "fnref-2"), whatever label
    the author gave them ([^2], [^gottman], [^a "quoted" one]): an id never
    carries typed text.
    """

    def _number(self, label: str) -> int:
        labels = list(self.footnotes.keys())
        return labels.index(label) + 1 if label in labels else 0

    def makeFootnoteId(self, id: str) -> str:
        return f"fn-{self._number(id)}"

    def makeFootnoteRefId(self, id: str, found: bool = False) -> str:
        return self.unique_ref(f"fnref-{self._number(id)}", found)


def _heading_id(text: str, separator: str) -> str:
    """A heading's id: the slug of its text, so it stays put while the text does."""
    return HEADING_ID_PREFIX + (slugify_unicode(text, separator) or "section")


def _extensions() -> list:
    return [
        "markdown.extensions.tables",
        "markdown.extensions.fenced_code",
        "markdown.extensions.sane_lists",
        _NumberedFootnotes(SEPARATOR="-", BACKLINK_TITLE="Back to the text of note {}"),
        # Only the ids (deduplicated: "h-why_1"); no [TOC] marker, the page builds contents.
        TocExtension(marker="", slugify=_heading_id),
    ]


_local = threading.local()


def _converter() -> markdown.Markdown:
    """
    This thread's Markdown converter, reset for a new document. Building one
    costs more than a short comment's conversion; the footnote and contents
    extensions keep state per document, which ``reset()`` clears.
    """
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=_extensions(), output_format="html"
        )
    return converter.reset()


# nh3 serialises every anchor it keeps as <a href="..."[ title="..."]>, with
# quotes inside values escaped, so this pattern reads its own output exactly.
_ANCHOR_RE = re.compile(r'<a((?: (?:class|href|title)="[^"]*")*)>')
_HREF_RE = re.compile(r'href="([^"]*)"')

__all__ = ["Heading", "headings", "is_outbound", "lead_text", "markdown_to_text", "render_markdown"]


@lru_cache(maxsize=32)
def _sanitised(text: str) -> str:
    # Cached: saving a post reads its body as HTML several times (the page, its
    # plain words, its links for the blocklist, its images for alt text), and
    # this part depends on the text alone.
    return _cleaner.clean(_converter().convert(text))


def render_markdown(
    text: str, *, is_trusted_link: Callable[[str], bool] | None = None, figures: bool = True
) -> str:
    """
    Render Markdown to HTML that is safe to mark safe in a template.

    Outbound links get rel="nofollow noopener" unless ``is_trusted_link``
    vouches for their URL: an editor must trust a site before the page
    passes it any standing. Links within the site get rel="noopener".
    With ``figures``, media library images become responsive figures
    (``core.media.figures``, after sanitising: the figure is built from what
    the library stores, never from typed markup).
    """
    cleaned = _sanitised(text or "")
    if figures:
        cleaned = library_figures(cleaned)

    def add_rel(match: re.Match) -> str:
        href = _HREF_RE.search(match.group(1))
        url = html.unescape(href.group(1)) if href else ""
        trusted = not is_outbound(url) or (is_trusted_link is not None and is_trusted_link(url))
        rel = "noopener" if trusted else "nofollow noopener"
        return f'<a{match.group(1)} rel="{rel}">'

    return _ANCHOR_RE.sub(add_rel, cleaned)


_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


class Heading(NamedTuple):
    level: int
    id: str
    text: str


# nh3's output, read back: a heading the renderer gave an id, with its text.
_HEADING_RE = re.compile(r'<h([23]) id="(h-[^"]*)">(.*?)</h\1>', re.DOTALL)


def headings(html_text: str) -> list[Heading]:
    """
    The second- and third-level headings of ``render_markdown``'s output, in
    order, with their ids: what a table of contents links to.
    """
    return [
        Heading(int(level), id_, _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub("", inner))).strip())
        for level, id_, inner in _HEADING_RE.findall(html_text or "")
    ]


@lru_cache(maxsize=32)
def markdown_to_text(text: str) -> str:
    """The plain text of some Markdown: for excerpts, descriptions and word counts."""
    # Without figures: a caption is not the text's own words, and no query is needed.
    plain = _TAG_RE.sub(" ", render_markdown(text, figures=False))
    return _SPACE_RE.sub(" ", html.unescape(plain)).strip()


# Blocks that are not prose: headings, images, tables, code, quotes, raw HTML,
# list items (a lead introduces a list, it is never one) and footnotes.
_NOT_PROSE_RE = re.compile(r"(?:#|!|\||```|>|<|[-*+]\s|\d+[.)]\s|\[\^)")
# A footnote's reference ([^1]): a summary shows the sentence without it.
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]]*\]")
# A sentence runs to . ! ? or … (and any closing quote or bracket) followed by
# the end or by a space and what starts a sentence, so "e.g. a" and "3.5" stay whole.
_SENTENCE_RE = re.compile(r".+?(?:[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9]|$)|$)")


_SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([.,;:!?…)\]])")


def _sentences(text: str) -> list[str]:
    # markdown_to_text leaves a space where a tag closed ("**quick**." -> "quick .").
    text = _SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", text)
    return [sentence.strip() for sentence in _SENTENCE_RE.findall(text) if sentence.strip()]


def _whole_sentences(sentences: list[str], limit: int) -> str:
    """As many whole sentences as fit in ``limit`` characters; one cut at a word if none does."""
    taken = ""
    for sentence in sentences:
        longer = f"{taken} {sentence}".strip()
        if len(longer) > limit:
            break
        taken = longer
    if taken:
        return taken
    # A first sentence longer than the limit: cut between words, marked as cut.
    cut = sentences[0][:limit].rsplit(" ", 1)[0] if " " in sentences[0][:limit] else ""
    return cut.rstrip(" ,;:–—-") + "…" if cut else Truncator(sentences[0]).chars(limit)


def lead_text(markdown: str, limit: int = 300) -> str:
    """
    A post's summary when it has no excerpt: the first paragraph of prose of
    some Markdown as plain text (headings, images, tables, code, quotes and
    lists skipped), in whole sentences of at most ``limit`` characters.

    It never ends on a colon: a paragraph introducing a list gives its
    sentences before the one that does, or, when that is all it says, the
    summary comes from the next paragraph of prose.
    """
    blocks = [block.strip() for block in re.split(r"\n\s*\n", markdown or "")]
    paragraphs = [
        markdown_to_text(_FOOTNOTE_REF_RE.sub("", block))
        for block in blocks
        if block and not _NOT_PROSE_RE.match(block)
    ]
    paragraphs = [text for text in paragraphs if text]
    introductions = []
    for text in paragraphs:
        sentences = _sentences(text)
        if sentences[-1].endswith(":"):
            introductions.append(sentences)
            sentences = sentences[:-1]
            if not sentences:
                continue  # all it says is "Here are five signs:"
        return _whole_sentences(sentences, limit)
    if introductions:
        # Only introductions: the first one, its colon made a full stop.
        sentences = introductions[0]
        sentences[-1] = sentences[-1].rstrip(" :") + "."
        return _whole_sentences(sentences, limit)
    text = markdown_to_text(markdown or "")
    return _whole_sentences(_sentences(text), limit) if text else ""
