"""
Rendered HTML read back as blocks of text, one per paragraph, heading, list
item, quote, code block or table row: what people compare when they ask
"what changed on the page" (the history's comparison, the editors' review of
pending changes), rather than the Markdown source. Links keep their address
and images their alt text, since a changed link is a change a reviewer must see.
"""

from html.parser import HTMLParser

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "blockquote", "hr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _BlockReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.parts: list[str] = []
        self.prefix = ""
        self.links: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append(self.prefix + text)
        self.parts, self.prefix = [], ""

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag in BLOCKS:
            self._flush()
            self.prefix = {"li": "• ", "blockquote": "> ", "hr": "———"}.get(tag, "")
            if tag in HEADINGS:
                self.prefix = "#" * int(tag[1]) + " "
        elif tag == "a":
            self.links.append(a.get("href", ""))
        elif tag == "img":
            self.parts.append(f"[image: {a.get('alt', '')}]")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f" <{href}>")
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.parts.append(data)


def html_blocks(html: str) -> list[str]:
    """The text of each block of ``html``, in order (a heading as ``## Title``)."""
    reader = _BlockReader()
    reader.feed(html or "")
    reader.close()
    reader._flush()
    return reader.blocks
