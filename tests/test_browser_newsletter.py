"""
The newsletter journey in Chromium: a reader subscribes after a post,
confirms from the mail a real SMTP server received, gets the next post, and
unsubscribes from that mail's link with one button.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from blog import workflow
from blog.models import Post, Subscriber
from tests import newsletter_smtp
from tests.newsletter_smtp import newsletters

pytestmark = pytest.mark.browser


@pytest.fixture
def inbox(smtp_server, settings, live_server):
    settings.SITE_URL = live_server.url
    settings.NEWSLETTER_MAX_PER_SECOND = 0
    return smtp_server


def wait_for(predicate, page, what: str):
    for _ in range(50):
        if found := predicate():
            return found
        page.wait_for_timeout(100)
    raise AssertionError(f"never arrived: {what}")


def test_subscribe_confirm_receive_and_unsubscribe(
    page, live_server, post, make_post, editor, inbox, console_errors
):
    # After the post, the reader types her address (the page is shared: the
    # form's token comes from newsletter.js).
    page.goto(live_server.url + post.get_absolute_url())
    form = page.locator("form.newsletter__form")
    expect(form.locator("input[name=csrfmiddlewaretoken]")).not_to_have_value("")
    form.get_by_label("Your email address").fill("maya@example.org")
    form.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    # The confirmation arrives; its link asks once, then she is subscribed.
    [confirmation] = wait_for(
        lambda: inbox.received_by("maya@example.org"), page, "the confirmation"
    )
    link = re.search(r"http://\S+/newsletter/confirm/\S+/", newsletter_smtp.text_part(confirmation))
    page.goto(link.group(0))
    page.get_by_label("Every new post").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    # An editor publishes a post: it arrives, once, with its unsubscribe link.
    draft = make_post(title="Saying sorry well", slug="sorry", status=Post.Status.DRAFT)
    workflow.publish(draft, editor)
    arrived = wait_for(lambda: newsletters(inbox), page, "the post's mail")
    [(rcpts, message)] = arrived
    assert rcpts == ["maya@example.org"] and "Saying sorry well" in message["Subject"]
    html = newsletter_smtp.html_part(message)
    page.goto(re.search(r'href="([^"]+/blog/sorry/)"', html).group(1))
    expect(page.get_by_role("heading", name="Saying sorry well")).to_be_visible()

    unsubscribe = re.match(r"<([^>]+)>", message["List-Unsubscribe"]).group(1)
    assert urlsplit(unsubscribe).netloc == urlsplit(live_server.url).netloc
    page.goto(unsubscribe)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert console_errors == []
