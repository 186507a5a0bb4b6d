"""
The tamper audit behind ``manage.py audit_content``.

Two questions, both answered without trusting the page templates:

- Stored: which outbound links has no editor reviewed, and which posts and
  profiles no longer match the seal their last save stored (changed behind
  the application's back, e.g. by SQL with database access)?
- Live: fetching every published post from the running site, once as a
  browser and once as a search engine crawler, is there an outbound link or
  a script on the served page that the stored post does not explain? That
  is spam added by a compromised template, middleware or proxy, including
  spam shown only to crawlers.

Blog never imports comments: approved comments are found through the
reverse relation ``post.comments``, when the comments app provides one.
"""

import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.html import urlize

from authors.models import Author, Credential
from core.integrity import is_intact
from core.links import extract_links
from core.markdown import lead_text
from core.weblinks import absolute

from .links import links_the_register_never_saw
from .models import OutboundLink, Post

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
CRAWLER_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
USER_AGENTS = {"a browser": BROWSER_UA, "Googlebot": CRAWLER_UA}
MAX_PAGE_BYTES = 5 * 1024 * 1024
# Scripts that carry data, not code.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


@dataclass(frozen=True)
class Finding:
    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.where}: {self.detail}"


# --- Stored content ------------------------------------------------------------


def unreviewed_links() -> Iterator[Finding]:
    links = OutboundLink.objects.to_review().select_related("content_type")
    for link in links.prefetch_related("source"):
        source = link.source
        where = f"{link.content_type.name} “{source}”" if source else link.content_type.name
        yield Finding(
            "unreviewed link",
            f"{where} ({link.field})",
            f"{link.url} “{link.anchor_text}”, first seen {link.first_seen:%Y-%m-%d %H:%M}",
        )


def broken_seals() -> Iterator[Finding]:
    for model in (Post, Author, Credential):
        fields = {"pk", "content_seal", *model.SEALED_FIELDS}
        for obj in model.objects.only(*fields).order_by("pk"):
            if is_intact(obj):
                continue
            detail = (
                "has no seal: it was never saved through the site"
                if not obj.content_seal
                else "stored text does not match what the site saved (changed behind its back)"
            )
            # What changed, where it matters most: a link nobody ever reviewed.
            if isinstance(obj, Post | Author) and (unseen := links_the_register_never_saw(obj)):
                detail += "; links the register never saw: " + ", ".join(unseen)
            yield Finding("tampered", f"{model._meta.verbose_name} “{obj}” (pk {obj.pk})", detail)


def stale_leads() -> Iterator[Finding]:
    # The lead (a post's summary when it has no excerpt) is derived from the
    # sealed body on save, so it is checked against the body, not sealed itself.
    for post in Post.objects.only("pk", "title", "body", "lead").order_by("pk"):
        if post.lead != lead_text(post.body):
            yield Finding(
                "tampered",
                f"post “{post}” (pk {post.pk})",
                "its summary does not match its body (changed behind the site's back)",
            )


def audit_stored() -> list[Finding]:
    return [*unreviewed_links(), *broken_seals(), *stale_leads()]


# --- The served pages ------------------------------------------------------------


@dataclass(frozen=True)
class PageItem:
    kind: str  # "link" or "script"
    url: str  # absolute URL, or "" for an inline script
    text: str  # anchor text, or the start of an inline script
    nonce: str = ""
    script_type: str = ""


class _PageReader(HTMLParser):
    """Every URL a page sends readers or browsers to, and every script."""

    URL_ATTRIBUTES = {"a": "href", "area": "href", "img": "src", "iframe": "src", "link": "href"}

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.items: list[PageItem] = []
        self._anchor: tuple[str, list[str]] | None = None
        self._script: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self._script = {**values, "text": []}
            return
        attribute = self.URL_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute, "").strip():
            url = absolute(values[attribute], self.page_url)
            if tag == "a":
                self._anchor = (url, [])
            else:
                self.items.append(PageItem("link", url, values.get("alt", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor:
            url, text = self._anchor
            self.items.append(PageItem("link", url, " ".join("".join(text).split())))
            self._anchor = None
        elif tag == "script" and self._script is not None:
            script = self._script
            src = script.get("src", "").strip()
            self.items.append(
                PageItem(
                    "script",
                    absolute(src, self.page_url) if src else "",
                    "".join(script["text"]).strip()[:80],
                    nonce=script.get("nonce", ""),
                    script_type=script.get("type", "").strip().lower(),
                )
            )
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script["text"].append(data)
        elif self._anchor:
            self._anchor[1].append(data)


def read_page(page_url: str, html: str) -> list[PageItem]:
    reader = _PageReader(page_url)
    reader.feed(html)
    reader.close()
    return reader.items


def _urls_in(html: str) -> set[str]:
    return {link.url for link in extract_links(html)}


def explained_urls(post: Post, page_url: str | None = None) -> set[str]:
    """
    Every outbound URL the stored data puts on this post's page, as it is
    given. With ``page_url``, resolved as a browser on that page resolves
    them, to compare with the served page's links.
    """
    urls = _urls_in(post.body_html) | _urls_in(post.references_html)
    author = post.author
    for html in author.outbound_link_html().values():
        urls |= _urls_in(html)
    comments = getattr(post, "comments", None)  # the comments app's reverse relation
    if comments is not None:
        for comment in comments.approved():
            if url := getattr(comment, "url", ""):
                urls.add(url)
            # Comment bodies are plain text whose bare URLs become links: Django's
            # urlize finds at least every URL the comments app links.
            urls |= _urls_in(urlize(getattr(comment, "body", ""), autoescape=True))
    if page_url is not None:
        return {absolute(url, page_url) for url in urls}
    return {url.strip() for url in urls}


def _csp_nonces(header: str) -> set[str]:
    return set(re.findall(r"'nonce-([^']+)'", header or ""))


def fetch(url: str, user_agent: str, timeout: float = 15) -> tuple[str, str, str]:
    """The page's final URL, HTML and Content-Security-Policy header."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        body = response.read(MAX_PAGE_BYTES).decode(
            response.headers.get_content_charset() or "utf-8", "replace"
        )
        return response.geturl(), body, response.headers.get("Content-Security-Policy", "")


def unexplained(post: Post, page_url: str, html: str, csp: str, own_hosts: set[str]) -> list[str]:
    """What the served page shows that the stored post does not explain."""
    explained = explained_urls(post, page_url)
    nonces = _csp_nonces(csp)
    problems = []
    for item in read_page(page_url, html):
        host = (urlsplit(item.url).hostname or "").lower().rstrip(".")
        if item.kind == "script":
            if item.url:
                if host not in own_hosts:
                    problems.append(f"script from another site: {item.url}")
            elif item.script_type not in DATA_SCRIPT_TYPES and item.nonce not in nonces:
                problems.append(f"inline script we did not write: {item.text!r}")
        elif urlsplit(item.url).scheme in ("http", "https") and host not in own_hosts:
            if item.url not in explained:
                problems.append(f"link {item.url} “{item.text}”")
        elif urlsplit(item.url).scheme not in ("http", "https", "mailto", "tel", ""):
            problems.append(f"link with a {urlsplit(item.url).scheme}: URL “{item.text}”")
    return problems


def audit_live(base_url: str, posts: Iterable[Post] | None = None) -> list[Finding]:
    base_url = base_url.rstrip("/")
    own_hosts = {(urlsplit(base_url).hostname or "").lower()}
    if posts is None:
        posts = Post.objects.published().select_related("author").order_by("pk")
    findings = []
    for post in posts:
        seen_by: dict[str, set[str]] = {}
        for who, user_agent in USER_AGENTS.items():
            url = base_url + post.get_absolute_url()
            try:
                final_url, html, csp = fetch(url, user_agent)
            except (urllib.error.URLError, OSError, ValueError) as error:
                findings.append(Finding("unreachable", url, f"as {who}: {error}"))
                continue
            seen_by[who] = set(unexplained(post, final_url, html, csp, own_hosts))
        where = base_url + post.get_absolute_url()
        for problem in sorted(set().union(*seen_by.values())):
            viewers = [who for who, problems in seen_by.items() if problem in problems]
            only = "" if len(viewers) == len(USER_AGENTS) else f" (shown only to {viewers[0]})"
            findings.append(Finding("served but not stored", where, problem + only))
    return findings
