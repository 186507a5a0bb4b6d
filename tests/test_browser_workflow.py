"""
The editorial desk's review, in Debian's Chromium against a live server: an
author submits with a note, the editor returns it with a note, she fixes it
and submits again, the editor schedules it, the reader sees it go live; then
her edit of the live post waits as a pending revision until it is approved;
the editor renames it, and the old address redirects to the new one.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import Post

from .browser_steps import log_in

pytestmark = pytest.mark.browser


def wait_until_live(page, url: str, text: str, seconds: float = 20) -> None:
    """The reader reloads, as a person would, until the post answers (bounded)."""
    deadline = time.monotonic() + seconds
    while True:
        response = page.goto(url)
        if response.status == 200 and text in page.content():
            return
        assert time.monotonic() < deadline, f"{url} did not go live with {text!r}"
        time.sleep(0.5)


def test_a_post_goes_from_draft_through_review_to_live_and_its_edit_waits_for_approval(
    browser, live_server, settings, author, editor, make_post, console_errors
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    post = make_post(
        title="Repair after a fight", slug="repair", status=Post.Status.DRAFT, published_at=None
    )
    change_url = f"{live_server.url}/admin/blog/post/{post.pk}/change/"
    review_url = f"{live_server.url}/admin/blog/post/{post.pk}/review/"
    alice = browser.new_context().new_page()
    boss = browser.new_context().new_page()
    reader = browser.new_context().new_page()

    # The author submits her draft with a note.
    log_in(alice, live_server, "alice")
    alice.goto(change_url)
    alice.get_by_label("Note to the editors (optional)").fill("Ready for a look.")
    alice.get_by_role("button", name="Save and submit for review").click()
    expect(alice.locator(".messagelist li.success")).to_contain_text("submitted for review")

    # The editor finds it waiting and returns it with a note.
    log_in(boss, live_server, "editor")
    boss.goto(f"{live_server.url}/admin/blog/post/?review=waiting")
    boss.get_by_role("link", name="Repair after a fight").click()
    boss.get_by_role("link", name="Open the review screen").click()
    expect(boss.get_by_text("Ready for a look.")).to_be_visible()
    boss.get_by_label("Note to the author").fill("Please name the study in the second paragraph.")
    boss.get_by_role("button", name="Return to author").click()
    expect(boss.locator(".messagelist li.success")).to_contain_text("returned to author")

    # She sees the note on her post, fixes it and submits again.
    alice.goto(change_url)
    expect(alice.locator(".workflow-returned")).to_contain_text("Please name the study")
    alice.locator("textarea#id_body").fill("The first paragraph.\n\nThe Gottman study says so.")
    alice.get_by_role("button", name="Save and submit for review").click()
    expect(alice.locator(".messagelist li.success")).to_contain_text("submitted for review")

    # The editor schedules it a few seconds ahead; the reader sees it go live.
    at = timezone.localtime() + timedelta(seconds=4)
    boss.goto(review_url)
    boss.get_by_label("Publish at").fill(at.strftime("%Y-%m-%dT%H:%M:%S"))
    boss.get_by_role("button", name="Schedule").click()
    expect(boss.locator(".messagelist li.success")).to_contain_text("scheduled")
    post.refresh_from_db()
    post_url = f"{live_server.url}{post.get_absolute_url()}"
    assert reader.goto(post_url).status == 404
    wait_until_live(reader, post_url, "Gottman study")

    # Her edit of the live post waits as a pending revision.
    alice.goto(change_url)
    alice.get_by_label("Title").fill("Repairing after a fight")
    alice.get_by_role("button", name="Save and submit changes for review").click()
    expect(alice.locator(".messagelist li.success")).to_contain_text("submitted for review")
    reader.goto(post_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Repair after a fight")

    # The editor sees the rendered difference and approves it; the page shows it.
    boss.goto(review_url)
    expect(boss.locator(".review-diff__added").first).to_contain_text("Repairing after a fight")
    boss.get_by_role("button", name="Approve the changes").click()
    expect(boss.locator(".messagelist li.success")).to_contain_text("changes approved")
    wait_until_live(reader, post_url, "Repairing after a fight")

    # The editor gives it an address to match; the link readers shared still works.
    boss.goto(change_url)
    boss.get_by_label("Slug").fill("repairing-after-a-fight")
    boss.get_by_role("button", name="Save", exact=True).click()
    expect(boss.locator(".messagelist li.success")).to_be_visible()
    reader.goto(f"{post_url}?utm_source=newsletter")
    assert reader.url == f"{live_server.url}/blog/repairing-after-a-fight/?utm_source=newsletter"
    expect(reader.get_by_role("heading", level=1)).to_have_text("Repairing after a fight")
    assert console_errors == []
