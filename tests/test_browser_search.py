"""Searching from the header, in Debian's Chromium against a live server."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def posts(make_post, category, tag):
    return [
        make_post(title="Forgiveness after a fight", categories=[category], tags=[tag]),
        make_post(title="Quiet evenings", body="Small talk.\n\nForgiveness takes time."),
    ]


def test_reader_searches_from_the_header_and_opens_a_result(
    page, live_server, posts, console_errors
):
    page.goto(live_server.url + posts[1].get_absolute_url())
    search = page.get_by_role("search", name="Site search")
    search.get_by_role("searchbox", name="Search posts").fill("forgiveness")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    results = page.locator(".search-result__title")
    expect(results).to_have_count(2)
    expect(results.first).to_have_text("Forgiveness after a fight")
    expect(page.locator(".search-result__passage mark").first).to_have_text("Forgiveness")
    results.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgiveness after a fight")
    assert console_errors == []


@pytest.mark.parametrize("path", ["/search/?q=forgiveness", "/search/", "/no-such-page/"])
def test_search_and_error_pages_have_no_accessibility_violations(page, live_server, posts, path):
    page.goto(live_server.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["/search/?q=forgiveness", "/"])
def test_search_pages_read_well_at_320_pixels(page, live_server, posts, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
