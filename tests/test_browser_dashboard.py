"""The admin front page in Chromium, light and dark: no console error, no CSP violation."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from authors.models import BookingClick
from blog.models import Post
from comments.models import Comment

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def busy_desk(make_post, author, other_author):
    live = make_post(title="Rebuilding trust after an affair")
    make_post(title="When to see a couples therapist", status=Post.Status.REVIEW)
    make_post(title="Fighting fair", published_at=timezone.now() + timedelta(days=2))
    now = timezone.now()
    BookingClick.objects.bulk_create(
        BookingClick(author=writer, post_pk=live.pk, clicked_at=now - timedelta(hours=n * 11))
        for n in range(160)
        for writer in ([author] if n % 3 else [author, other_author])
    )
    Comment.objects.bulk_create(
        Comment(
            post=live,
            name=f"Reader {n}",
            body="Thank you.",
            status=["approved", "approved", "pending", "spam"][n % 4],
            crisis=n == 2,
            created_at=now - timedelta(hours=n * 17),
        )
        for n in range(90)
    )


def log_in(page, live_server, username: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_editors_dashboard_renders_with_no_error_or_csp_violation(
    page, live_server, editor, busy_desk, console_errors, scheme, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "editor")
    expect(page.get_by_role("heading", name="Comments awaiting moderation")).to_be_visible()
    chart = page.get_by_role("img", name="Booking clicks per week")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= width
    page.get_by_text("Booking clicks per week: the numbers").click()
    expect(page.locator("#panel-clicks-by-author table")).to_be_visible()
    # The bars take their colour from the admin's variables, not the default black.
    fill = page.locator("#panel-clicks-by-author rect").first.evaluate(
        "rect => getComputedStyle(rect).fill"
    )
    assert fill not in ("rgb(0, 0, 0)", "none")
    # DASHBOARD_SCREENSHOTS=folder keeps the screenshots to look at.
    if shots := os.environ.get("DASHBOARD_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/dashboard-{scheme}-{width}.png", full_page=True)
    assert page.evaluate("window.__csp || []") == []
    assert console_errors == []


def test_an_authors_dashboard_renders_with_her_own_panels(
    page, live_server, author, busy_desk, console_errors
):
    log_in(page, live_server, "alice")
    expect(page.get_by_role("heading", name="Your posts", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Your booking clicks per week")).to_be_visible()
    expect(page.get_by_role("heading", name="Comments awaiting moderation")).to_have_count(0)
    if shots := os.environ.get("DASHBOARD_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/dashboard-author.png", full_page=True)
    assert page.evaluate("window.__csp || []") == []
    assert console_errors == []
