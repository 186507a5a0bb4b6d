"""
An author sends a preview of her draft to a reviewer without a login, then
revokes it; in Debian's Chromium against a live server with the page cache on.
"""

import pytest
from playwright.sync_api import expect

from blog.models import Post, PreviewLink

from .browser_steps import log_in

pytestmark = pytest.mark.browser


def test_author_sends_a_preview_link_to_a_reviewer_and_revokes_it(
    page, browser, live_server, settings, author, make_post, console_errors
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    draft = make_post(
        title="When to ask for couples therapy",
        body="A draft the clinical reviewer should read first.",
        status=Post.Status.DRAFT,
        published_at=None,
    )

    # The author makes a link from her draft, valid for a day.
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/admin/blog/post/{draft.pk}/change/")
    page.get_by_role("link", name="Create preview link").click()
    expect(page.locator("#id_post")).to_have_value(str(draft.pk))
    page.get_by_label("1 day").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Preview link created")
    address = page.get_by_label("Address to send").input_value()
    assert address == live_server.url + PreviewLink.objects.get().get_absolute_url()

    # The reviewer, with no login, reads the draft as it will appear.
    reviewer = browser.new_context().new_page()
    reviewer_errors: list[str] = []
    reviewer.on("console", lambda m: reviewer_errors.append(m.text) if m.type == "error" else 0)
    reviewer.goto(address)
    expect(reviewer.get_by_role("status")).to_contain_text("Preview — not published")
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(draft.title)
    expect(reviewer.get_by_text("Leave a Reply")).to_have_count(0)
    assert reviewer.goto(live_server.url + draft.get_absolute_url()).status == 404

    # The author sees the opening, and revokes the link.
    page.reload()
    expect(page.locator(".field-openings_log")).to_contain_text("someone without a login")
    page.get_by_label("Revoke this link").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text("Revoked")

    response = reviewer.goto(address)
    assert response.status == 410
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("This preview link was revoked")
    # The 404 and 410 above are reported as failed loads; nothing else may be (CSP).
    assert console_errors == []
    assert [e for e in reviewer_errors if not e.startswith("Failed to load resource")] == []
