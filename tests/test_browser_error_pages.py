"""The 500 and 503 pages, in a real browser: styled, accessible, no console or CSP errors."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.urls_with_errors"
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/fails/", 500, "Something went wrong on our side"),
        ("/database-locked/", 503, "We’ll be back in a moment"),
    ],
)
def test_error_pages_are_styled_and_accessible(
    page, live_server, failing_site, console_errors, path, status, heading
):
    response = page.goto(live_server.url + path)

    assert response.status == status
    assert page.locator("h1").inner_text() == heading
    # The site's stylesheet applied (the header's bottom border comes from it).
    border = page.locator(".site-header").evaluate("e => getComputedStyle(e).borderBottomStyle")
    assert border == "solid"
    # The message stands in line with the site's name above it, not against the edge.
    header = page.locator(".site-header__inner").bounding_box()
    assert page.locator("main").bounding_box()["x"] == header["x"] > 0
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    # Chromium reports the page's own status as a console error; nothing else.
    assert [e for e in console_errors if f"status of {status}" not in e] == []
