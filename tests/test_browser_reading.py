"""
Reading in the dark and on paper, in Debian's Chromium against a live server:
the public pages keep AA contrast in both colour schemes, and printing a post
gives the article alone, on fewer pages.

The pages come from the demo's own content (a few of its posts, their authors,
credentials, clinical reviews and comment threads), loaded the way
``load_demo`` loads it, so what is measured is what readers get.
"""

import io
import re
from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from authors.models import Author
from blog.demo_files import read_demo
from blog.management.commands.load_demo import ensure_user
from blog.models import Post, PreviewLink
from tests.conftest import post_maker

pytestmark = pytest.mark.browser

# A post with a current clinical review and a comment thread, one whose review
# has lapsed, one linking to another site, and a post related to one of them.
DEMO_POSTS = (
    "boundaries-with-family",
    "grief-after-a-breakup",
    "breaking-up-with-kindness",
    "when-to-see-a-therapist",
)
PROSE = """\
What the body may hold: a quote, a table and code.

> It is not proof that you did something wrong.

| Week | Check-in |
| --- | --- |
| 1 | Ten minutes |

```
Sunday 8pm: how was this week for you?
```

Read [the guide](https://example.org/guide) or [the section above](#top).
"""


def load_demo_posts(slugs=DEMO_POSTS) -> None:
    content = read_demo()
    content.POSTS = [post for post in content.POSTS if post["slug"] in slugs]
    content.COMMENT_THREADS = {
        slug: threads for slug, threads in content.COMMENT_THREADS.items() if slug in slugs
    }
    content.PENDING_COMMENTS = content.SPAM_COMMENTS = []
    content.BOOKING_CLICKS = {**content.BOOKING_CLICKS, "weeks": 0}
    ensure_user("editor", "pw-for-tests-1", group="Editors")
    for author in content.AUTHORS:
        ensure_user(author["username"], "pw-for-tests-1", group="Authors")
    for app in ("authors", "blog", "comments"):
        import_module(f"{app}.demo").load(content, io.StringIO())


@pytest.fixture
def demo_site(db):
    load_demo_posts()
    maya = Author.objects.get(slug="maya-okafor")
    prose = post_maker(maya)(title="What a post can hold", slug="prose", body=PROSE)
    draft = post_maker(maya)(
        title="A draft in review", slug="draft", status=Post.Status.DRAFT, published_at=None
    )
    return {
        "home": "/",
        "post": "/blog/boundaries-with-family/",
        "lapsed review": "/blog/grief-after-a-breakup/",
        "prose": prose.get_absolute_url(),
        "preview": PreviewLink.objects.create(post=draft).get_absolute_url(),
        "author": maya.get_absolute_url(),
        "authors": "/authors/",
        "search": "/search/?q=boundary",
        "not found": "/no-such-page/",
    }


def luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


SCHEMES = ("light", "dark")


def test_public_pages_keep_aa_contrast_in_both_colour_schemes(page, live_server, demo_site):
    reports = []
    for scheme in SCHEMES:  # one demo site for both: loading it is most of the test
        page.emulate_media(color_scheme=scheme)
        for name, path in demo_site.items():
            page.goto(live_server.url + path)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert (luminance(background) < 0.2) == (scheme == "dark"), (name, background)
            results = Axe().run(page)  # color-contrast included
            if results.violations_count:
                reports.append(f"{scheme} {name} ({path}):\n{results.generate_report()}")
    assert reports == []


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.urls_with_errors"
    settings.DEBUG = False


@pytest.mark.parametrize("path", ["/fails/", "/database-locked/"])
def test_error_pages_keep_aa_contrast_in_the_dark(page, live_server, failing_site, path):
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def pdf_pages(page) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format="A4")))


def test_a_printed_post_is_the_article_alone_in_black_on_white(page, live_server, demo_site):
    for scheme in SCHEMES:
        page.emulate_media(media="print", color_scheme=scheme)
        page.goto(live_server.url + demo_site["post"])
        assert_printed_post(page)


def assert_printed_post(page) -> None:
    for hidden in (
        page.locator("#commentform"),
        page.get_by_role("search", name="Site search"),
        page.get_by_role("navigation", name="Main"),
        page.locator(".related"),
        page.locator(".post-nav"),
        page.locator(".byline__booking"),
        page.locator(".site-footer"),
    ):
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("link", name="Book a session with me")).to_be_hidden()
    for visible in (
        page.get_by_role("heading", level=1, name="Setting boundaries with family"),
        page.locator(".byline__name"),
        page.locator(".review-note"),
        page.locator(".post__meta time"),
        page.locator(".post__body"),
    ):
        expect(visible).to_be_visible()
    expect(page.locator(".review-note")).to_contain_text("Reviewed by Daniel Reyes, MS, LPC")
    colours = page.locator(".post__body p").first.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]


def test_printed_links_show_their_address_but_in_page_anchors_do_not(page, live_server, demo_site):
    page.emulate_media(media="print")
    page.goto(live_server.url + demo_site["prose"])
    after = "(e) => getComputedStyle(e, '::after').content"
    body = page.locator(".post__body")
    assert body.get_by_role("link", name="the guide").evaluate(after) == (
        '" (https://example.org/guide)"'
    )
    assert body.get_by_role("link", name="the section above").evaluate(after) == "none"
    expect(body.locator("pre")).to_be_visible()


def test_printing_a_demo_post_takes_fewer_pages_than_the_screen_layout(
    page, live_server, demo_site
):
    """
    The demo's post with seven comments. Printed as the screen shows it (what
    printing gave before the print stylesheet) it takes five A4 pages, most of
    them comments, the empty form and related posts; the article alone takes two.
    """
    page.goto(live_server.url + demo_site["post"])
    page.emulate_media(media="screen")
    as_on_screen = pdf_pages(page)
    page.emulate_media(media="print")
    printed = pdf_pages(page)
    assert as_on_screen >= 4
    assert printed <= 2 < as_on_screen
