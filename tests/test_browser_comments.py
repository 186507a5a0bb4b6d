"""The comment journey in Chromium: post, moderate, read, reply."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from comments.models import Comment

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _no_wait(settings):
    # A person takes more than 3 seconds; the browser is faster.
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0


def write_comment(page, name: str, email: str, body: str) -> None:
    page.get_by_label("Name *").fill(name)
    page.get_by_label("Email *").fill(email)
    page.get_by_label("Comment *").fill(body)
    page.get_by_role("button", name="Post Comment").click()


def test_comment_is_held_approved_then_answered_in_a_nested_reply(
    page, browser, live_server, post, editor, console_errors
):
    # A visitor posts and sees their comment awaiting moderation.
    page.goto(live_server.url + post.get_absolute_url())
    expect(page.get_by_role("heading", name="Leave a Reply")).to_be_visible()
    write_comment(page, "Maya Torres", "maya@example.org", "This helped us talk again.")
    expect(page.get_by_text("Your comment is awaiting moderation.")).to_be_visible()
    comment = Comment.objects.get(body="This helped us talk again.")
    assert comment.status == "pending"

    # The editor approves it in the admin.
    staff = browser.new_context()
    admin = staff.new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.get_by_label("Username").fill("editor")
    admin.get_by_label("Password").fill("pw-for-tests-1")
    admin.get_by_role("button", name="Log in").click()
    admin.goto(f"{live_server.url}/admin/comments/comment/")
    expect(admin.get_by_text("Pending: 1")).to_be_visible()
    admin.locator(f"input[name=_selected_action][value='{comment.pk}']").check()
    admin.locator("select[name=action]").select_option("approve")
    admin.get_by_role("button", name="Run").click()
    expect(admin.locator(".messagelist")).to_contain_text("Approved 1 comment(s).")
    staff.close()

    # A second visitor sees it and replies; the form moves under it.
    other = browser.new_context().new_page()
    errors: list[str] = []
    other.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    other.goto(live_server.url + post.get_absolute_url())
    expect(other.get_by_role("heading", name="1 Response to Rebuilding trust")).to_be_visible()
    item = other.locator(f"#comment-{comment.pk}")
    expect(item).to_contain_text("This helped us talk again.")
    item.get_by_role("link", name="Reply to Maya Torres").click()
    expect(other.get_by_role("heading", name="Leave a Reply to Maya Torres")).to_be_visible()
    expect(item.locator("#respond")).to_have_count(1)
    write_comment(other, "Jo Park", "jo@example.org", "Same for us, thank you Maya.")
    reply = Comment.objects.get(body="Same for us, thank you Maya.")
    assert reply.parent_id == comment.pk
    nested = other.locator(f"#comment-{comment.pk} > ol.children > #comment-{reply.pk}")
    expect(nested).to_contain_text("Your comment is awaiting moderation.")
    assert errors == [] and console_errors == []


def test_reply_link_without_javascript_carries_the_parent(browser, live_server, post):
    comment = Comment.objects.create(
        post=post, name="Ann One", email="a@example.org", body="First.", status="approved"
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.get_by_role("link", name="Reply to Ann One").click()
    expect(page.get_by_role("heading", name="Leave a Reply to Ann One")).to_be_visible()
    assert page.locator("input[name=parent]").input_value() == str(comment.pk)
    write_comment(page, "No Script", "ns@example.org", "Replying without scripts.")
    assert Comment.objects.get(body="Replying without scripts.").parent_id == comment.pk
    context.close()


def test_post_page_with_comments_has_no_accessibility_violations(page, live_server, post):
    top = Comment.objects.create(
        post=post, name="Ann One", email="a@example.org", body="First https://example.com",
        url="https://ann.example", status="approved",
    )  # fmt: skip
    reply = Comment(post=post, name="Bo Two", email="b@example.org", body="Reply.")
    reply.status = "approved"
    reply.attach_to(top)
    reply.save()
    page.goto(live_server.url + post.get_absolute_url())
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_comment_form_error_page_has_no_accessibility_violations(page, live_server, post):
    page.goto(live_server.url + post.get_absolute_url())
    page.get_by_role("button", name="Post Comment").click()
    expect(page.get_by_text("Please type your name.")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_comments_read_well_at_320_pixels(page, live_server, post):
    parent = None
    for level in range(3):
        comment = Comment(
            post=post, name=f"Person {level}", email="p@example.org", status="approved",
            body="A long-ish comment https://example.com/" + "x" * 80,
        )  # fmt: skip
        comment.attach_to(parent)
        comment.save()
        parent = comment
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + post.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_moderation_list_fits_1280_pixels_and_flags_crisis_as_a_warning(
    page, live_server, post, editor, tmp_path
):
    # A full queue with long names, long comments, reasons, replies and post titles.
    post.title = "What actually happens in a first couples therapy session, step by step"
    post.save()
    long_words = "I keep coming back to this post because it says what I could not. " * 4
    parent = Comment.objects.create(
        post=post, name="Maya Torres", email="maya@example.org", body=long_words,
        status="approved",
    )  # fmt: skip
    for number in range(12):
        comment = Comment(
            post=post,
            name=f"A reader with a rather long name number {number}",
            email=f"reader{number}@example.org",
            url="https://a-very-long-domain-name-for-a-personal-site.example.org/about/me",
            body=long_words,
            crisis=number % 3 == 0,
            reasons=[
                {"layer": "first comment", "detail": "no earlier approved comment with this name"},
                {"layer": "links", "detail": "3 links (more than 2)"},
            ],
        )
        comment.attach_to(parent)
        comment.save()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/comments/comment/")
    expect(page.locator("#result_list")).to_be_visible()
    # SCREENSHOT_DIR=/some/dir keeps the picture to look at.
    shots = os.environ.get("SCREENSHOT_DIR", str(tmp_path))
    page.screenshot(path=f"{shots}/moderation-1280.png", full_page=True)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 1280, width
    # The admin scrolls a wide table inside its own box: that must not happen either.
    table = page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return [box.scrollWidth, box.clientWidth]; })()"
    )
    assert table[0] <= table[1], table
    # Nor may one cell's text run over the next column (foreign keys are nowrap).
    overflowing = page.evaluate(
        "[...document.querySelectorAll('#result_list td')]"
        ".filter(cell => cell.scrollWidth > cell.clientWidth + 1).map(cell => cell.className)"
    )
    assert overflowing == [], overflowing
    flag = page.locator("#result_list .crisis-flag").first
    expect(flag).to_have_text("Crisis language")
    assert page.locator("#result_list .crisis-flag").count() == 4
    assert page.locator("#result_list td.field-crisis_flag img[alt='True']").count() == 0
