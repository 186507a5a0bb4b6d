"""The admin and the Markdown editor work under the strict CSP, with no violation reported."""

import pytest
from playwright.sync_api import expect

from blog.models import Post

pytestmark = pytest.mark.browser

# Registered before any page script runs; page.evaluate reads it (neither is
# subject to the page's CSP), so a violation is caught even when no console
# message is printed for it.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def admin_page(page, live_server, editor):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Publishing")).to_be_visible()
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def test_post_editor_widgets_work_with_no_csp_violation(
    admin_page, live_server, post, console_errors
):
    page = admin_page
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
    # Each of these exists only when the admin's JavaScript ran.
    expect(page.locator(".selector").first).to_be_visible()  # filter_horizontal
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()  # calendar and clock
    expect(page.locator("#id_author + .select2")).to_be_visible()  # autocomplete
    page.locator("textarea#id_body").fill("Some **bold** words")
    expect(page.locator(".markdownx-preview strong")).to_have_text("bold")  # markdownx
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Post.objects.get(pk=post.pk).body == "Some **bold** words"
    assert violations(page) == []
    assert console_errors == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/blog/post/",
        "/admin/blog/post/add/",
        "/admin/blog/linktoreview/",
        "/admin/blog/alloweddomain/add/",
        "/admin/authors/author/",
    ],
)
def test_admin_pages_report_no_csp_violation(admin_page, live_server, post, path, console_errors):
    admin_page.goto(live_server.url + path)
    admin_page.wait_for_load_state("load")
    assert violations(admin_page) == []
    assert console_errors == []


def test_history_and_compare_pages_report_no_csp_violation(
    admin_page, live_server, post, console_errors
):
    page = admin_page
    for body in ("First text", "Second text"):
        page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
        page.locator("textarea#id_body").fill(body)
        page.get_by_role("button", name="Save", exact=True).click()
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/history/")
    page.get_by_role("link", name="Changes from the version before").click()
    expect(page.locator(".revision-diff__added")).to_contain_text("Second text")
    assert violations(page) == []
    assert console_errors == []


def test_public_pages_report_no_csp_violation(page, live_server, post, console_errors):
    page.add_init_script(RECORD_VIOLATIONS)
    for path in ("/", post.get_absolute_url(), post.author.get_absolute_url(), "/authors/"):
        page.goto(live_server.url + path)
        assert violations(page) == [], path
    assert console_errors == []
