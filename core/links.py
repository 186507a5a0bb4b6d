"""
Reading the links out of HTML the site rendered.

The HTML comes from ``core.markdown.render_markdown`` (or a template), so it
is already sanitised: this parser only reads it. A link is outbound when a
browser would leave the site to follow it (``core.weblinks``).
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import format_html

from .weblinks import is_outbound


@dataclass(frozen=True)
class Link:
    url: str
    text: str


class _LinkReader(HTMLParser):
    """Collects a[href] with their text, and img[src] with their alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self._open.append(((values.get("href") or "").strip(), []))
        elif tag == "img" and (src := values.get("src")):
            alt = (values.get("alt") or "").strip()
            self.links.append(Link(src.strip(), f"[image] {alt}".strip()))
            if self._open:
                self._open[-1][1].append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            url, text = self._open.pop()
            if url:
                self.links.append(Link(url, " ".join("".join(text).split())))

    def handle_data(self, data: str) -> None:
        for _, text in self._open:
            text.append(data)

    def close(self) -> None:
        super().close()
        while self._open:  # an <a> never closed still links
            self.handle_endtag("a")


def extract_links(html: str) -> list[Link]:
    """Every link and image source in some HTML, in page order."""
    reader = _LinkReader()
    reader.feed(html or "")
    reader.close()
    return reader.links


def outbound_links(html: str) -> list[Link]:
    return [link for link in extract_links(html) if is_outbound(link.url)]


def url_as_html(url: str, text: str) -> str:
    """A bare URL field (a booking link) read as the one link it renders as."""
    return format_html('<a href="{}">{}</a>', url, text) if url else ""


def urls_as_html(lines: str) -> str:
    """A field of one URL a line (social links) read as the links it renders as."""
    return "".join(url_as_html(line.strip(), line.strip()) for line in lines.splitlines())
