"""Journeys readers and editors take, in Debian's Chromium against a live server."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from blog.models import Post

pytestmark = pytest.mark.browser


@pytest.fixture
def blog(make_post, category, tag, other_author):
    posts = [make_post(categories=[category], tags=[tag]) for _ in range(12)]
    # The oldest one (on page 2) has a hand-picked related post.
    posts[-1].related_posts.add(posts[0])
    return posts


def test_visitor_pages_through_and_follows_a_related_post(page, live_server, blog, console_errors):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest posts")
    page.get_by_role("link", name="Older posts").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    oldest = blog[-1]
    page.get_by_role("link", name=oldest.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(oldest.title)
    related = page.get_by_role("region", name="Related posts")
    related.get_by_role("link", name=blog[0].title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(blog[0].title)
    assert console_errors == []


def test_editor_writes_previews_and_publishes_a_post(
    page, live_server, editor, author, console_errors
):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/blog/post/add/")
    # Typed key by key: the admin fills the slug on keyup.
    page.get_by_label("Title").press_sequentially("Small rituals that keep couples close")
    expect(page.get_by_label("Slug")).to_have_value("small-rituals-that-keep-couples-close")
    page.locator("#id_author + .select2 .select2-selection").click()  # the admin's autocomplete
    page.locator(".select2-search__field").fill("Alice")
    page.get_by_role("option", name="Alice Rivera").click()
    page.locator("textarea#id_body").fill(
        "A **ten-minute** check-in <script>alert(1)</script> each evening."
    )
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("ten-minute")
    assert preview.locator("script").count() == 0
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.goto(live_server.url)
    page.get_by_role("link", name="Small rituals that keep couples close").click()
    expect(page.locator(".post__body strong")).to_have_text("ten-minute")
    assert Post.objects.get(slug="small-rituals-that-keep-couples-close").is_public
    assert console_errors == []


@pytest.mark.parametrize(
    "path", ["/", "/blog/post-1/", "/blog/category/trust/", "/blog/tag/conflict/", "/authors/"]
)
def test_public_pages_have_no_accessibility_violations(page, live_server, blog, path):
    page.goto(live_server.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_pages_read_well_at_320_pixels(page, live_server, blog):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + blog[0].get_absolute_url())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320
