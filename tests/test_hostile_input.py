"""
Hostile input through every field a page or the admin renders.

One table, FIELDS: for each field, how to set it and which pages show it.
Every payload in PAYLOADS goes through every field; every page that shows
the field is parsed and must hold no script element we did not write, no
on* attribute, and no javascript:/data:/vbscript: URL in href, src or
action. In Chromium, no dialog may open and no CSP violation be reported.

To cover a new field (credentials, booking label, comment name/website/body,
SEO fields, the search query), add a row to FIELDS and, if needed, a page to
PAGES; nothing else changes.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from authors.models import Author, Credential
from blog.models import Category, Post, Tag
from comments.models import Comment
from core.models import MediaItem

from .conftest import make_image_bytes

PAYLOADS = [
    # Script elements, any case, any source
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="data:text/javascript,alert(1)"></script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<svg><script>alert(1)</script></svg>",
    # Event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<a href="https://ok.example/" onclick="alert(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # Dangerous URLs in HTML
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    # Markdown links, images and reference links
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    '[ref][r]\n\n[r]: data:text/html,alert(1) "title"',
    # Autolinks
    "<javascript:alert(1)>",
    '<https://example.com/" onmouseover="alert(1)>',
    "<vbscript:msgbox(1)>",
    # Attribute breakouts in alt and title
    '![x" onerror="alert(1)](https://example.com/x.png)',
    '![x](https://example.com/x.png "t\\" onerror=\\"alert(1)")',
    '[x](https://example.com "a\\" onmouseover=\\"alert(1)")',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '<img src="x" alt="`onerror=alert(1)`">',
    # Breaking out of the element the value lands in
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    # Entity and URL encoding, and look-alikes
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "`<script>alert(1)</script>`",
    # Footnotes and references: ids, classes, backlinks and trailing links
    'x[^a" onmouseover="alert(1)]\n\n[^a" onmouseover="alert(1)]: note',
    "x[^1]\n\n[^1]: [note](javascript:alert(1))",
    '<sup id="x" onclick="alert(1)"><a class="footnote-ref" href="javascript:alert(1)">1</a></sup>',
    'Smith (2020). Title. https://doi.org/10.1000/x"onmouseover=alert(1)',
    "Smith (2020). Title. doi:10.1000/<script>alert(1)</script>",
    "Smith (2020). Title. javascript:alert(1)",
    # Template and style tricks
    "{{ 7|add:7 }}{% debug %}",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


# --- The pages and the fields -------------------------------------------------

PAGES: dict[str, Callable[[SimpleNamespace], str]] = {
    "home": lambda w: "/",
    "post": lambda w: w.post.get_absolute_url(),
    "category": lambda w: w.category.get_absolute_url(),
    "tag": lambda w: w.tag.get_absolute_url(),
    "author list": lambda w: "/authors/",
    "author": lambda w: w.author.get_absolute_url(),
    "admin posts": lambda w: "/admin/blog/post/",
    "admin post": lambda w: f"/admin/blog/post/{w.post.pk}/change/",
    "admin post history": lambda w: f"/admin/blog/post/{w.post.pk}/history/",
    "admin categories": lambda w: "/admin/blog/category/",
    "admin category": lambda w: f"/admin/blog/category/{w.category.pk}/change/",
    "admin tag": lambda w: f"/admin/blog/tag/{w.tag.pk}/change/",
    "admin authors": lambda w: "/admin/authors/author/",
    "admin author": lambda w: f"/admin/authors/author/{w.author.pk}/change/",
    "admin links": lambda w: "/admin/blog/outboundlink/",
    "admin credential": lambda w: f"/admin/authors/credential/{w.credential.pk}/change/",
    "admin comments": lambda w: "/admin/comments/comment/",
    "admin comment": lambda w: f"/admin/comments/comment/{w.comment.pk}/change/",
    # The media library (issue 18): a post showing an item as a figure, and its admin.
    "illustrated post": lambda w: w.illustrated.get_absolute_url(),
    "admin media items": lambda w: "/admin/core/mediaitem/",
    "admin media item": lambda w: f"/admin/core/mediaitem/{w.media_item.pk}/change/",
    "admin media item delete": lambda w: f"/admin/core/mediaitem/{w.media_item.pk}/delete/",
    "admin spam folder": lambda w: "/admin/comments/spamcomment/",
    "admin spam": lambda w: f"/admin/comments/spamcomment/{w.spam.pk}/change/",
}


MODELS = {
    "post": Post,
    "category": Category,
    "tag": Tag,
    "author": Author,
    "credential": Credential,
    "comment": Comment,
    "media_item": MediaItem,
    "spam": Comment,
}


@dataclass(frozen=True)
class Field:
    """A field people type into: how to put a value in it, and the pages that show it."""

    name: str
    set: Callable[[SimpleNamespace, str], None]
    pages: list[str]
    max_length: int | None = None  # longer values are cut, as a form would refuse them

    def __str__(self) -> str:
        return self.name


def model_field(name: str, obj_name: str, attribute: str, pages: list[str]) -> Field:
    """A row for a field of one of the world's objects, saved through the model."""
    max_length = MODELS[obj_name]._meta.get_field(attribute).max_length

    def setter(world: SimpleNamespace, value: str) -> None:
        obj = getattr(world, obj_name)
        setattr(obj, attribute, value[:max_length] if max_length else value)
        obj.save()

    return Field(name, setter, pages, max_length)


FIELDS = [
    model_field(
        "post title",
        "post",
        "title",
        ["post", "home", "category", "tag", "author", "admin posts", "admin post"],
    ),
    model_field("post body", "post", "body", ["post", "home", "admin post", "admin links"]),
    model_field("post excerpt", "post", "excerpt", ["post", "home", "tag", "admin post"]),
    model_field("featured image alt text", "post", "featured_image_alt", ["post", "admin post"]),
    model_field(
        "category name",
        "category",
        "name",
        ["post", "home", "category", "admin categories", "admin category"],
    ),
    model_field("category description", "category", "description", ["category", "admin category"]),
    model_field("tag name", "tag", "name", ["post", "tag", "admin tag"]),
    model_field("tag description", "tag", "description", ["tag", "admin tag"]),
    model_field(
        "author name",
        "author",
        "name",
        ["post", "home", "author list", "author", "admin authors", "admin author", "admin posts"],
    ),
    model_field("author headline", "author", "headline", ["author list", "author", "admin author"]),
    model_field("author short bio", "author", "short_bio", ["author", "admin author"]),
    model_field("author long bio", "author", "bio", ["author", "admin author"]),
    model_field("booking label", "author", "booking_label", ["post", "author", "admin author"]),
    model_field(
        "credential abbreviation",
        "credential",
        "abbreviation",
        ["post", "home", "author list", "author", "admin credential"],
    ),
    model_field("credential title", "credential", "title", ["author", "admin credential"]),
    model_field("SEO title", "post", "seo_title", ["post", "admin post"]),
    model_field("SEO description", "post", "seo_description", ["post", "admin post"]),
    model_field("key points", "post", "key_points", ["post", "admin post"]),
    model_field("references", "post", "references", ["post", "admin post", "admin links"]),
    model_field("comment name", "comment", "name", ["post", "admin comments", "admin comment"]),
    model_field("comment website", "comment", "url", ["post", "admin comment"]),
    model_field("comment body", "comment", "body", ["post", "admin comments", "admin comment"]),
    # Saving an item renders the posts that show it again (core.media).
    model_field(
        "media alt text",
        "media_item",
        "alt_text",
        ["illustrated post", "admin media items", "admin media item", "admin media item delete"],
    ),
    model_field(
        "media caption",
        "media_item",
        "caption",
        ["illustrated post", "admin media items", "admin media item"],
    ),
    model_field(
        "media credit",
        "media_item",
        "credit",
        ["illustrated post", "admin media items", "admin media item"],
    ),
    # The spam folder: what a spammer typed, and the reasons the filter wrote
    # from it (matched words, linked sites), beside the rules that fired.
    model_field("spam name", "spam", "name", ["admin spam folder", "admin spam"]),
    model_field("spam website", "spam", "url", ["admin spam"]),
    model_field("spam body", "spam", "body", ["admin spam folder", "admin spam"]),
    Field("spam reasons", lambda w, v: set_reasons(w.spam, v), ["admin spam folder", "admin spam"]),
]


def set_reasons(comment: Comment, value: str) -> None:
    comment.reasons = [{"layer": value[:40], "detail": value, "weight": 1.0}]
    comment.save()


@pytest.fixture
def world(post, category, tag, author, jpeg_upload) -> SimpleNamespace:
    post.featured_image = jpeg_upload
    post.featured_image_alt = "A calm room"
    post.save()
    credential = Credential.objects.create(author=author, abbreviation="MA", title="Master of Arts")
    comment = Comment.objects.create(
        post=post, name="Reader", email="reader@example.org", body="Thanks.", status="approved"
    )
    image = SimpleUploadedFile("bench.jpg", make_image_bytes(size=(800, 600)), "image/jpeg")
    media_item = MediaItem.objects.create(file=image, alt_text="A bench", caption="A caption")
    illustrated = Post.objects.create(
        title="Illustrated",
        slug="illustrated",
        author=author,
        body=f"An image:\n\n![]({media_item.url})",
        status=Post.Status.PUBLISHED,
        published_at=post.published_at,
    )
    spam = Comment.objects.create(
        post=post, name="Bot", body="Spam.", status="spam", spam_score=0.99, reasons=[]
    )
    return SimpleNamespace(
        post=post,
        category=category,
        tag=tag,
        author=author,
        credential=credential,
        comment=comment,
        media_item=media_item,
        illustrated=illustrated,
        spam=spam,
    )


# --- What must never be on a page ----------------------------------------------

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
# Scripts that carry data, not code (the admin's JSON configuration).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES:
                # Browsers ignore whitespace and control characters in a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            src = values.get("src", "")
            ours = (
                src.startswith((settings.STATIC_URL, "/admin/jsi18n/"))
                if src
                else values.get("type", "").lower() in DATA_SCRIPT_TYPES or "nonce" in values
            )
            if not ours:
                self.problems.append(f"<script {values}>")
        if tag in {"iframe", "object", "embed", "base"}:
            self.problems.append(f"<{tag}>")

    handle_startendtag = handle_starttag


def injected(html: str) -> list[str]:
    """What on this page could run code that we did not write."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_inspector_catches_what_it_must():
    """The checks themselves can fail: each of these pages is caught."""
    for page in [
        "<p><script>alert(1)</script></p>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<img src="vbscript:x">',
        "<iframe></iframe>",
        '<script src="https://evil.example/x.js"></script>',
    ]:
        assert injected(page), page
    assert injected('<script src="/static/admin/js/core.js"></script><p>ok</p>') == []


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 40 and len(set(PAYLOADS)) == len(PAYLOADS)


def rounds(corpus: list[str], fields: list[Field] = FIELDS) -> list[list[tuple[Field, str]]]:
    """
    Every field at once, round by round: in round i each field whose packed
    corpus has an i-th value holds it. A page is loaded once per round rather
    than once per field, and payloads in different fields meet on the page,
    which is harsher than one field at a time. A field whose corpus is spent
    is set once to plain text, so that saving its object again for another
    field does not render the whole corpus again.
    """
    packed = [(field, chunks(corpus, field.max_length)) for field in fields]
    return [
        [
            (field, values[i] if i < len(values) else SPENT)
            for field, values in packed
            if i <= len(values) and (i, len(values)) != (0, 0)
        ]
        for i in range(max(len(values) for _, values in packed))
    ]


SPENT = "Plain"


@pytest.mark.parametrize("shown_on", sorted({page for field in FIELDS for page in field.pages}))
def test_hostile_input_reaches_no_page_as_code(client, editor, world, shown_on):
    """
    Every payload through every field that this page shows. Payloads are
    packed as many to a value as the field holds: templates escape a value
    whatever is next to it, and Markdown blocks are kept apart.
    """
    client.force_login(editor)  # the admin pages too; public pages are the same for all
    for number, values in enumerate(rounds(PAYLOADS, [f for f in FIELDS if shown_on in f.pages])):
        for field, value in values:
            field.set(world, value)
        if all(value == SPENT for _, value in values):
            continue
        url = PAGES[shown_on](world)
        response = client.get(url)
        assert response.status_code == 200, (shown_on, url, response.status_code)
        problems = injected(response.content.decode())
        assert problems == [], (shown_on, number, problems, {f.name: v for f, v in values})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_as_a_search_query_reaches_no_page_as_code(client, post, payload):
    response = client.get("/search/", {"q": payload})
    assert response.status_code == 200
    assert injected(response.content.decode()) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_alone_in_a_post_body_reaches_no_page_as_code(client, post, payload):
    """Markdown is where payloads could combine: each one on its own, on the public pages."""
    post.body = payload
    post.save()
    for url in (post.get_absolute_url(), "/"):
        assert injected(client.get(url).content.decode()) == [], (payload, url)


# --- In the browser ---------------------------------------------------------------


def chunks(payloads: list[str], limit: int | None) -> list[str]:
    """
    The corpus packed into as few values as the field holds, so the browser
    loads each page a few times rather than once per payload (the parsed-HTML
    test above checks every payload on its own).
    """
    if not limit:
        return ["\n\n".join(payloads)]
    packed, current = [], ""
    for payload in payloads:
        payload = payload[:limit]
        if current and len(current) + 1 + len(payload) > limit:
            packed.append(current)
            current = payload
        else:
            current = f"{current} {payload}" if current else payload
    return [*packed, current]


# What would run as the page loads, with no click, if it reached the page as
# markup: the browser test's share of the corpus (links need a click, and the
# parsed-HTML tests above already refuse every javascript:, data: and vbscript: URL).
FIRES_ON_LOAD = [
    payload
    for payload in PAYLOADS
    if re.search(r"<script|onerror|onload|ontoggle|onfocus|<iframe|<object|<embed", payload, re.I)
]
PUBLIC_PAGES = {"home", "post", "category", "tag", "author list", "author", "illustrated post"}


@pytest.mark.browser
def test_no_dialog_opens_and_no_script_is_blocked_in_the_browser(
    page, live_server, world, console_errors
):
    """
    Round by round, every field at once, on the first public page that shows
    each field that changed (the parsed-HTML tests cover every page).
    """
    dialogs: list[tuple[str, str]] = []
    page.on("dialog", lambda dialog: (dialogs.append((page.url, dialog.message)), dialog.dismiss()))
    for values in rounds(FIRES_ON_LOAD):
        for field, value in values:
            field.set(world, value)
        # Fields only the admin shows (the spam folder's) are the parsed-HTML tests' alone.
        first_public = [
            shown[0]
            for f, v in values
            if v != SPENT and (shown := [name for name in f.pages if name in PUBLIC_PAGES])
        ]
        for name in dict.fromkeys(first_public):
            page.goto(live_server.url + PAGES[name](world))
    assert dialogs == []
    # A CSP violation here would mean a payload reached the page as code and
    # only the Content-Security-Policy stopped it.
    # (An <img src=x> that 404s is a console error too, and harmless.)
    assert [error for error in console_errors if "Content Security Policy" in error] == []
