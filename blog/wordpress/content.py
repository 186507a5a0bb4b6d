"""
A WordPress post body as this site's Markdown.

WordPress stores HTML in two dialects: the classic editor's (paragraphs as
blank lines, turned into ``<p>`` by ``wpautop`` when shown) and the block
editor's (HTML between ``<!-- wp:... -->`` comments). Both become HTML
here, shortcodes that have a meaning here are translated ([caption],
[gallery], [embed]), images are handed to ``resolve_image`` so the importer
can point them at their new files, and markdownify (a maintained converter)
writes the Markdown. The result is stored as any post's body and rendered
through the one sanitising function (``core.markdown``) like any other.

Shortcodes with no meaning here are left in the text, where an editor sees
them, and named in the report. A closing byline paragraph ("By Hailey
Oliver, MA, MHCI. Book with her here: URL") is taken out of the body and
returned, for the importer to give the author.
"""

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

# The tags wpautop leaves alone: a chunk starting with one is not a paragraph.
_BLOCK_START = re.compile(
    r"</?(?:address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|"
    r"fieldset|figure|figcaption|footer|form|h[1-6]|header|hr|iframe|legend|li|nav|ol|p|"
    r"pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|img)\b",
    re.IGNORECASE,
)
# wpautop puts a paragraph break before each opening block tag and after each
# closing one, so text and a list written on adjacent lines are still two
# blocks, and the line breaks between a list's items are not <br>s.
_BLOCKS = (
    r"address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|"
    r"figure|figcaption|footer|form|h[1-6]|header|hr|legend|li|nav|ol|p|pre|section|summary|"
    r"table|tbody|td|tfoot|th|thead|tr|ul"
)
_BLOCK_OPENING = re.compile(rf"(<(?:{_BLOCKS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSING = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.IGNORECASE)
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE = re.compile(r"\[/?([a-zA-Z][\w-]*)(?:\s[^\]\n]*)?/?\]")
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"\.(?:avif|gif|jpe?g|png|webp)$", re.IGNORECASE)

# "By Hailey Oliver, MA, MHCI." then a booking link, as a post's last paragraph.
_BYLINE = re.compile(
    r"^By\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})"
    r"(?P<credentials>(?:\s*,\s*[A-Z][A-Za-z.\-]{0,11})*)\.?\s*(?P<rest>.*)$",
    re.DOTALL,
)
_MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_BARE_URL = re.compile(r"<?(?P<url>https?://[^\s>]+)>?")

ImageResolver = Callable[[str], str | None]


@dataclass
class Byline:
    name: str
    credentials: list[str] = field(default_factory=list)
    booking_url: str = ""
    booking_label: str = ""


@dataclass
class Converted:
    markdown: str
    shortcodes: list[str] = field(default_factory=list)  # names left untranslated
    images_missing: list[str] = field(default_factory=list)
    byline: Byline | None = None


def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(text)}


def autop(text: str) -> str:
    """
    wpautop's rules: blank-line-separated text that is not a block becomes a
    <p> (its single line breaks <br>s); block tags stand on their own; what
    is inside <pre> is kept exactly.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match[0])
        return f"\n\n<pre>{len(kept) - 1}</pre>\n\n"

    text = _PRE.sub(keep, text)
    text = _BLOCK_CLOSING.sub(r"\1\n\n", _BLOCK_OPENING.sub(r"\n\n\1", text))
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_START.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    html_text = "\n\n".join(paragraphs)
    return re.sub(r"<pre>(\d+)</pre>", lambda m: kept[int(m[1])], html_text)


def _ids(value: str) -> list[int]:
    return [int(part) for part in value.split(",") if part.strip().isdigit()]


def _shortcodes(
    text: str, attachments: dict[int, tuple[str, str]], attached: Sequence[int] = ()
) -> tuple[str, list[str]]:
    """Translate [caption], [gallery] and [embed]; name the ones left."""

    def caption(match: re.Match) -> str:
        inner = match[2]
        images = "".join(_IMG.findall(inner))
        words = _IMG.sub("", inner)
        words = re.sub(r"<a\b[^>]*>\s*</a>", "", words).strip()
        words = words or _attributes(match[1]).get("caption", "")
        return f"<figure>{images}<figcaption><em>{words}</em></figcaption></figure>\n\n"

    def gallery(match: re.Match) -> str:
        attributes = _attributes(match[1])
        ids = _ids(attributes.get("ids", "") or attributes.get("include", ""))
        if not ids and not attributes.get("id"):
            # No ids: WordPress shows the images uploaded to the post, oldest first.
            excluded = set(_ids(attributes.get("exclude", "")))
            ids = sorted(
                i
                for i in attached
                if i not in excluded
                and i in attachments
                and _IMAGE_FILE.search(urlsplit(attachments[i][0]).path)
            )
        found = [attachments[i] for i in ids if i in attachments]
        if not found:
            if "gallery" not in left:
                left.append("gallery")
            return match[0]
        images = " ".join(  # a space: images left as links stay apart
            f'<img src="{html.escape(url)}" alt="{html.escape(alt)}">' for url, alt in found
        )
        return f"<p>{images}</p>\n\n"

    def embed(match: re.Match) -> str:
        url = html.escape(match[1].strip())
        return f'<p><a href="{url}">{url}</a></p>'

    left: list[str] = []
    text = _CAPTION.sub(caption, text)
    text = _GALLERY.sub(gallery, text)
    text = _EMBED.sub(embed, text)
    for match in _SHORTCODE.finditer(text):
        if match[1].lower() not in left:
            left.append(match[1].lower())
    return text, left


def _images(soup: BeautifulSoup, resolve: ImageResolver) -> list[str]:
    """Point images (and links to them) at their new files; missing ones become links."""
    missing: list[str] = []
    for link in soup.find_all("a", href=True):
        new = resolve(str(link["href"]))
        if new:
            link["href"] = new
    for image in soup.find_all("img"):
        src = str(image.get("src") or "")
        new = resolve(src) if src else None
        if new:
            image["src"] = new
            continue
        if src and src not in missing:
            missing.append(src)
        if image.find_parent("a") is not None:
            image.replace_with(str(image.get("alt") or src))
            continue
        link = soup.new_tag("a", href=src)
        link.string = str(image.get("alt") or "") or src
        image.replace_with(link)
    return missing


class _Converter(MarkdownConverter):
    """markdownify as posts here are written: # headings, - bullets."""

    def __init__(self, **options) -> None:
        # A table WordPress wrote without a header row gets its first row as one:
        # Markdown tables need a header, and an empty one shows as a blank row.
        super().__init__(heading_style="ATX", bullets="-", table_infer_header=True, **options)

    def convert_list(self, el, text, parent_tags):
        # Two lists of one kind one after the other (two list blocks) are one
        # list in Markdown unless something stands between them: an HTML
        # comment, which shows as nothing.
        listed = super().convert_list(el, text, parent_tags)
        if "li" not in parent_tags:
            for before in el.previous_siblings:
                if isinstance(before, Tag):
                    if before.name == el.name:
                        return "\n\n<!-- -->" + listed
                    break
                if str(before).strip():
                    break
        return listed

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_li(self, el, text, parent_tags):
        # Python-Markdown, which shows posts here, nests a list (or continues an
        # item) only four spaces in; markdownify indents by the bullet's width.
        item = super().convert_li(el, text, parent_tags)
        bullet = item.split(" ", 1)[0] + " "
        first, *rest = item.split("\n")
        width = len(bullet)
        indent = " " * max(4, width)
        rest = [indent + line[width:] if line.startswith(" " * width) else line for line in rest]
        item = "\n".join([first, *rest])
        if "\n\n" in item.strip():  # paragraphs in an item: a blank line before the next
            item = item.rstrip("\n") + "\n\n"
        return item


def _footers_into_bodies(soup: BeautifulSoup) -> None:
    """A table's <tfoot> rows after its body rows: markdownify starts a second table at it."""
    for footer in soup.find_all("tfoot"):
        body = footer.find_previous_sibling("tbody")
        if body is None:
            footer.unwrap()
            continue
        for row in footer.find_all("tr"):
            body.append(row.extract())
        footer.decompose()


def find_byline(markdown: str) -> tuple[str, Byline | None]:
    """The body without its closing byline paragraph, and the byline; or unchanged and None."""
    blocks = markdown.rstrip().split("\n\n")
    last = blocks[-1].strip().strip("*_").strip()
    match = _BYLINE.match(last)
    if not match:
        return markdown, None
    byline = Byline(name=match["name"].strip())
    for part in match["credentials"].split(","):
        part = part.strip()
        if part.endswith(".") and part.count(".") == 1:  # the sentence's full stop
            part = part[:-1]
        if part and sum(ch.isupper() for ch in part) >= 2:
            byline.credentials.append(part)
    rest = match["rest"].strip()
    if link := _MARKDOWN_LINK.search(rest):
        byline.booking_url = link["url"]
        text = link["text"].strip()
        before = rest[: link.start()].strip().rstrip(":").strip()
        byline.booking_label = before if _BARE_URL.fullmatch(text) else text
    elif bare := _BARE_URL.search(rest):
        byline.booking_url = bare["url"]
        byline.booking_label = rest[: bare.start()].strip().rstrip(":").strip()
    byline.booking_label = byline.booking_label.strip("*_ ")[:80]
    if not byline.credentials and not byline.booking_url:
        return markdown, None
    return "\n\n".join(blocks[:-1]).rstrip() + "\n", byline


def to_markdown(
    body: str,
    *,
    attachments: dict[int, tuple[str, str]] | None = None,
    attached: Sequence[int] = (),
    resolve_image: ImageResolver = lambda url: None,
) -> Converted:
    """
    A WordPress body (classic or block editor) as Markdown, with what was left
    over. ``attached``: the ids of the attachments uploaded to this post.
    """
    text = _BLOCK_COMMENT.sub("", body or "")
    text, shortcodes = _shortcodes(text, attachments or {}, attached)
    soup = BeautifulSoup(autop(text), "html.parser")
    missing = _images(soup, resolve_image)
    _footers_into_bodies(soup)
    markdown = _Converter().convert_soup(soup)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    markdown, byline = find_byline(markdown)
    return Converted(markdown.lstrip(), shortcodes, missing, byline)


def comment_text(body: str) -> str:
    """
    A comment's HTML as the plain text comments here are: paragraphs and line
    breaks kept, links and images spelled out.
    """
    soup = BeautifulSoup(autop(body or ""), "html.parser")
    for text in soup.find_all(string=True):
        if text.find_parent("pre") is None:  # HTML's whitespace: one space
            text.replace_with(re.sub(r"\s+", " ", str(text)))
    for link in soup.find_all("a", href=True):
        words = link.get_text().strip()
        href = str(link["href"])
        link.replace_with(href if words in ("", href) else f"{words} ({href})")
    for image in soup.find_all("img", src=True):
        alt = str(image.get("alt") or "").strip()
        src = str(image["src"])
        image.replace_with(f"{alt} ({src})" if alt else src)
    for br in soup.find_all("br"):
        # The source's own line break around a <br> is only whitespace.
        for side, strip in ((br.previous_sibling, str.rstrip), (br.next_sibling, str.lstrip)):
            if isinstance(side, NavigableString) and side.find_parent("pre") is None:
                side.replace_with(strip(str(side)))
        br.replace_with("\n")
    paragraphs = [p.get_text().strip() for p in soup.find_all("p")] or [soup.get_text().strip()]
    return "\n\n".join(p for p in paragraphs if p)
