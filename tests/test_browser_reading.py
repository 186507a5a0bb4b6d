"""
Reading in the dark, in Debian's Chromium against a live server: the public
pages keep AA contrast in both colour schemes.

The pages come from the demo's own content (a few of its posts, their authors,
credentials, clinical reviews and comment threads), loaded the way
``load_demo`` loads it, so what is measured is what readers get.
"""

import io
import re
from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe

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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_pages_keep_aa_contrast_in_both_colour_schemes(page, live_server, demo_site, scheme):
    page.emulate_media(color_scheme=scheme)
    reports = []
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
