"""A locked-out editor sees a clear, accessible page in the site's style."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_fifth_wrong_password_shows_the_lockout_page(page, live_server, editor, console_errors):
    for _ in range(5):
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed log-ins")
    expect(page.locator("main")).to_contain_text("try again in 30 minutes")
    expect(page.locator(".site-header")).to_be_visible()  # the site's own layout
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert [error for error in console_errors if "Content Security Policy" in error] == []
