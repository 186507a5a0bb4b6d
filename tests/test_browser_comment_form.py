"""
The comment form on a phone, in Debian's Chromium (issue 17): details kept in
this browser only when the box is ticked, targets a thumb can hit, the note
above the form, crisis numbers to call; and the same form without JavaScript.
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from comments.models import Comment
from tests.comment_helpers import ensure_default_lists

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
NOTE = "Comments are public; please don’t share details that identify you or others."
DETAILS = {"name": "Maya Torres", "email": "maya@example.org", "url": "https://maya.example"}
REMEMBER = "Save my name, email, and website in this browser for the next time I comment."


@pytest.fixture(autouse=True)
def _no_wait(settings):
    # A person takes more than 3 seconds; the browser is faster.
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0


def fill_details(page, body: str) -> None:
    page.get_by_label("Name *").fill(DETAILS["name"])
    page.get_by_label("Email *").fill(DETAILS["email"])
    page.get_by_label("Website", exact=True).fill(DETAILS["url"])
    page.get_by_label("Comment *").fill(body)


def form_details(page) -> dict:
    return {name: page.locator(f"#commentform [name={name}]").input_value() for name in DETAILS}


def stored(page):
    return page.evaluate("() => window.localStorage.getItem('comment-author')")


def test_details_are_kept_in_this_browser_only_while_the_box_is_ticked(
    browser, live_server, post, console_errors
):
    ensure_default_lists()
    Comment.objects.create(
        post=post, name="Ann One", email="a@example.org", body="First.", status="approved"
    )
    # Dark, on a phone: the new parts keep AA contrast there too.
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + post.get_absolute_url())

    # The note above the form; every target at least 44 x 44 px.
    note = page.get_by_text(NOTE)
    expect(note).to_be_visible()
    assert note.bounding_box()["y"] < page.get_by_label("Name *").bounding_box()["y"]
    expect(page.get_by_role("link", name="Cancel reply")).to_be_hidden()  # not replying
    remember = page.get_by_label(REMEMBER)
    expect(remember).to_be_visible()
    expect(remember).not_to_be_checked()
    targets = {
        "reply": page.get_by_role("link", name="Reply to Ann One"),
        "remember": page.locator("label.check", has_text="Save my name"),
        "notify": page.locator("label.check", has_text="Notify me of replies"),
        "button": page.get_by_role("button", name="Post Comment"),
    }
    for name, target in targets.items():
        box = target.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (name, box)
    # A tap anywhere on the notify line ticks it, not only on the small box.
    targets["notify"].scroll_into_view_if_needed()
    notify = targets["notify"].bounding_box()
    page.mouse.click(notify["x"] + notify["width"] - 5, notify["y"] + 3)
    expect(page.get_by_label("Notify me of replies by email")).to_be_checked()

    # Not ticked: posted, and nothing kept.
    fill_details(page, "A first comment, details not kept.")
    page.get_by_role("button", name="Post Comment").click()
    expect(page.get_by_text("Your comment is awaiting moderation.")).to_be_visible()
    assert stored(page) is None
    assert form_details(page) == dict.fromkeys(DETAILS, "")

    # Ticked: kept, and filled in on the next page. This comment has crisis
    # language: the help shown at once has numbers to tap.
    fill_details(page, "Sometimes I want to die.")
    page.get_by_label(REMEMBER).check()
    page.get_by_role("button", name="Post Comment").click()
    expect(page.locator(".crisis-help")).to_be_visible()
    assert json.loads(stored(page)) == DETAILS
    assert form_details(page) == DETAILS
    expect(page.get_by_label(REMEMBER)).to_be_checked()
    help_links = page.locator(".crisis-help a[href^='tel:']")
    assert [help_links.nth(i).get_attribute("href") for i in range(2)] == ["tel:988", "tel:116123"]
    assert Comment.objects.filter(email=DETAILS["email"]).count() == 2
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    # Unticked: forgotten at once.
    page.get_by_label(REMEMBER).uncheck()
    assert stored(page) is None
    page.reload()
    assert form_details(page) == dict.fromkeys(DETAILS, "")
    expect(page.get_by_label(REMEMBER)).not_to_be_checked()
    # Replying moves the note and the box with the form; Cancel reply is a target too.
    page.get_by_role("link", name="Reply to Ann One").click()
    reply_form = page.locator(".comment #respond")
    expect(reply_form.get_by_text(NOTE)).to_be_visible()
    expect(reply_form.get_by_label(REMEMBER)).to_be_visible()
    cancel = page.get_by_role("link", name="Cancel reply").bounding_box()
    assert cancel["width"] >= 44 and cancel["height"] >= 44, cancel
    # On paper: neither the note nor the form.
    page.emulate_media(media="print")
    expect(page.get_by_text(NOTE)).to_be_hidden()
    expect(page.locator("#commentform")).to_be_hidden()
    assert console_errors == []
    context.close()


def test_without_javascript_the_form_posts_and_offers_no_box_it_could_not_keep(
    browser, live_server, post
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_label(REMEMBER)).to_be_hidden()
    fill_details(page, "Posted without scripts.")
    page.get_by_role("button", name="Post Comment").click()
    expect(page.get_by_text("Your comment is awaiting moderation.")).to_be_visible()
    comment = Comment.objects.get(body="Posted without scripts.")
    assert (comment.name, comment.email, comment.url) == tuple(DETAILS.values())
    context.close()
