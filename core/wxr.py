"""
Reading a WordPress export (WXR 1.0 to 1.2, what Tools › Export writes),
streaming and safely, into plain dataclasses.

The file is fed to expat in 64 KB pieces through defusedxml's parser: a
DOCTYPE is refused outright (a WXR file never has one, and refusing it stops
both entity-expansion bombs and external entities before they are read),
and only one channel entry (an author, a term, an item with its comments) is
held in memory at a time, so a 1 GB export costs what its largest post costs.

Nothing here knows about posts or comments of this site: ``blog.wordpress``
and ``comments.wordpress`` turn these records into them. Anything that is not
a well-formed WXR file raises ``WxrError`` with the line and column, and
``survey()`` reads the whole file once without yielding, so an importer can
refuse a broken file before writing anything.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

CHUNK_BYTES = 64 * 1024
# WordPress writes http://; WordPress.com exports (and WordPress's own Theme
# Unit Test data) write https://. Both are the same format.
WXR_NAMESPACES = ("http://wordpress.org/export/", "https://wordpress.org/export/")
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


class WxrError(Exception):
    """The file is not a readable WordPress export; says where, for the person running it."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"{message}{where}")
        self.line, self.column = line, column


@dataclass
class WxrSite:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""

    @property
    def key(self) -> str:
        """Which WordPress site the export comes from: what imported ids are kept under."""
        return (self.base_blog_url or self.link or self.base_site_url).rstrip("/")[:200]


@dataclass
class WxrAuthor:
    wp_id: int
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class WxrTerm:
    kind: str  # "category" or "tag"
    wp_id: int
    slug: str
    name: str
    parent: str = ""  # the parent category's slug
    description: str = ""


@dataclass
class WxrComment:
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime | None = None  # the blog's local time, naive
    date_gmt: datetime | None = None  # UTC, naive
    content: str = ""
    approved: str = "1"  # "1", "0", "spam" or "trash"
    type: str = ""  # "", "comment", "pingback", "trackback"
    parent: int = 0
    user_id: int = 0


@dataclass
class WxrItem:
    wp_id: int
    post_type: str
    title: str = ""
    link: str = ""
    slug: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    status: str = ""
    date: datetime | None = None
    date_gmt: datetime | None = None
    parent: int = 0
    is_sticky: bool = False
    password: str = ""
    attachment_url: str = ""
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, slug, name)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)


Record = WxrSite | WxrAuthor | WxrTerm | WxrItem


@dataclass
class WxrSurvey:
    """What one reading of the whole file found: enough to plan the import."""

    site: WxrSite
    counts: dict[str, int] = field(default_factory=dict)
    # Attachments by WordPress id, (url, alt text): posts may name one before it appears.
    attachments: dict[int, tuple[str, str]] = field(default_factory=dict)
    # Attachment ids by the post they were uploaded to: a [gallery] without ids shows them.
    attached: dict[int, list[int]] = field(default_factory=dict)


def _name(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` -> ``wp:post_id``."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if uri.startswith(WXR_NAMESPACES):
        return f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
    return f"{_PREFIXES.get(uri, uri)}:{local}"


class _ChannelEntries:
    """
    An expat target that builds one small tree per child of ``<channel>``
    and hands each over when it closes; the channel itself is never built.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.builder: TreeBuilder | None = None
        self.done: list[Element] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = _name(tag)
        if self.depth == 0 and name != "rss":
            raise WxrError(f"This is not a WordPress export: it starts with <{name}>, not <rss>")
        if self.depth == 1 and name != "channel":
            raise WxrError(f"This is not a WordPress export: <rss> holds <{name}>, not <channel>")
        if self.depth == 2:
            self.builder = TreeBuilder()
        if self.builder is not None:
            self.builder.start(name, attrs)
        self.depth += 1

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.builder is not None:
            self.builder.end(_name(tag))
            if self.depth == 2:
                self.done.append(self.builder.close())
                self.builder = None

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def close(self) -> None:
        return None


def _elements(path: Path) -> Iterator[Element]:
    """The children of ``<channel>``, one at a time; WxrError for anything unreadable."""
    target = _ChannelEntries()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)

    def position() -> tuple[int, int]:
        expat = parser.parser
        return expat.CurrentLineNumber, expat.CurrentColumnNumber + 1

    try:
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK_BYTES):
                parser.feed(chunk)
                yield from target.done
                target.done.clear()
            parser.close()
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":", 1)[0]
        if reason == "no element found":
            reason = "the file ends before the export does (truncated?)"
        raise WxrError(f"This file is not well-formed XML: {reason}", line, column) from None
    except DefusedXmlException as error:
        raise WxrError(
            "This file declares a DOCTYPE or entities, which a WordPress export never does; "
            f"refused for safety ({type(error).__name__})",
            *position(),
        ) from None
    except WxrError as error:
        if error.line is not None:
            raise
        raise WxrError(str(error), *position()) from None
    if target.depth != 0 or target.builder is not None:
        raise WxrError("The file ends before the export does (truncated?)", *position())
    yield from target.done


def _text(element: Element, name: str) -> str:
    found = element.find(name)
    return (found.text or "").strip() if found is not None else ""


def _raw(element: Element, name: str) -> str:
    """Text kept as written (post bodies: their line breaks are paragraphs)."""
    found = element.find(name)
    return (found.text or "") if found is not None else ""


def _int(element: Element, name: str) -> int:
    try:
        return int(_text(element, name) or 0)
    except ValueError:
        return 0


def _date(value: str) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _author(element: Element) -> WxrAuthor:
    return WxrAuthor(
        wp_id=_int(element, "wp:author_id"),
        login=_text(element, "wp:author_login"),
        email=_text(element, "wp:author_email"),
        display_name=_text(element, "wp:author_display_name"),
        first_name=_text(element, "wp:author_first_name"),
        last_name=_text(element, "wp:author_last_name"),
    )


def _term(element: Element, kind: str) -> WxrTerm:
    if kind == "category":
        slug, name, parent = "wp:category_nicename", "wp:cat_name", "wp:category_parent"
        description = "wp:category_description"
    else:
        slug, name, parent, description = "wp:tag_slug", "wp:tag_name", "", "wp:tag_description"
    return WxrTerm(
        kind=kind,
        wp_id=_int(element, "wp:term_id"),
        slug=_text(element, slug),
        name=_text(element, name),
        parent=_text(element, parent) if parent else "",
        description=_text(element, description),
    )


def _comment(element: Element) -> WxrComment:
    return WxrComment(
        wp_id=_int(element, "wp:comment_id"),
        author=_text(element, "wp:comment_author"),
        email=_text(element, "wp:comment_author_email"),
        url=_text(element, "wp:comment_author_url"),
        ip=_text(element, "wp:comment_author_IP"),
        date=_date(_text(element, "wp:comment_date")),
        date_gmt=_date(_text(element, "wp:comment_date_gmt")),
        content=_raw(element, "wp:comment_content"),
        approved=_text(element, "wp:comment_approved") or "0",
        type=_text(element, "wp:comment_type"),
        parent=_int(element, "wp:comment_parent"),
        user_id=_int(element, "wp:comment_user_id"),
    )


def _item(element: Element) -> WxrItem:
    item = WxrItem(
        wp_id=_int(element, "wp:post_id"),
        post_type=_text(element, "wp:post_type"),
        title=_text(element, "title"),
        link=_text(element, "link"),
        slug=_text(element, "wp:post_name"),
        creator=_text(element, "dc:creator"),
        content=_raw(element, "content:encoded"),
        excerpt=_raw(element, "excerpt:encoded").strip(),
        status=_text(element, "wp:status"),
        date=_date(_text(element, "wp:post_date")),
        date_gmt=_date(_text(element, "wp:post_date_gmt")),
        parent=_int(element, "wp:post_parent"),
        is_sticky=_text(element, "wp:is_sticky") == "1",
        password=_text(element, "wp:post_password"),
        attachment_url=_text(element, "wp:attachment_url"),
    )
    for term in element.findall("category"):
        kind = {"category": "category", "post_tag": "tag"}.get(term.get("domain", ""), "")
        if kind:
            item.terms.append((kind, term.get("nicename", ""), (term.text or "").strip()))
    for meta in element.findall("wp:postmeta"):
        item.meta[_text(meta, "wp:meta_key")] = _text(meta, "wp:meta_value")
    item.comments = [_comment(comment) for comment in element.findall("wp:comment")]
    return item


def read(path: Path) -> Iterator[Record]:
    """
    The export's records in file order: the site (once, before the first
    author, term or item), then authors, terms and items as they come.
    """
    site = WxrSite()
    announced = False
    for element in _elements(path):
        name = element.tag
        simple = {
            "title": "title",
            "link": "link",
            "wp:base_site_url": "base_site_url",
            "wp:base_blog_url": "base_blog_url",
            "wp:wxr_version": "version",
        }
        if name in simple:
            setattr(site, simple[name], (element.text or "").strip())
            continue
        record: Record | None = None
        if name == "wp:author":
            record = _author(element)
        elif name == "wp:category":
            record = _term(element, "category")
        elif name == "wp:tag":
            record = _term(element, "tag")
        elif name == "item":
            record = _item(element)
        if record is None:
            continue
        if not announced:
            if not site.version:
                raise WxrError(
                    "This RSS file is not a WordPress export: it has no <wp:wxr_version>"
                )
            announced = True
            yield site
        yield record
    if not announced:
        if not site.version:
            raise WxrError("This RSS file is not a WordPress export: it has no <wp:wxr_version>")
        yield site


def survey(path: Path) -> WxrSurvey:
    """
    Read the whole file once: WxrError if any of it is unreadable, else the
    site, how many of each kind it holds and where its attachments are.
    """
    found = WxrSurvey(site=WxrSite())
    counts = found.counts
    for record in read(path):
        if isinstance(record, WxrSite):
            found.site = record
            continue
        if isinstance(record, WxrItem):
            kind = record.post_type or "item"
            counts[kind] = counts.get(kind, 0) + 1
            counts["comment"] = counts.get("comment", 0) + len(record.comments)
            if record.post_type == "attachment" and record.attachment_url:
                alt = record.meta.get("_wp_attachment_image_alt", "") or record.title
                found.attachments[record.wp_id] = (record.attachment_url, alt)
                if record.parent:
                    found.attached.setdefault(record.parent, []).append(record.wp_id)
        else:
            kind = "author" if isinstance(record, WxrAuthor) else record.kind
            counts[kind] = counts.get(kind, 0) + 1
    return found
