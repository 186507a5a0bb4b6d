"""
A clinical review in Debian's Chromium: a post giving health advice waits on
a licensed author's front page; she reads it, signs it off, and readers see
who reviewed it and when the next review is due.
"""

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from authors.models import Credential
from blog.models import Post
from tests.conftest import post_maker

from .browser_steps import log_in

pytestmark = pytest.mark.browser


def test_a_licensed_author_signs_off_a_post_and_readers_see_the_review(
    page, live_server, author, second_author, editor, console_errors
):
    licence = Credential(
        author=second_author, abbreviation="LPC", title="Licensed counsellor", kind="licence"
    )
    licence.mark_verified(editor)
    licence.save()
    post = post_maker(author)(
        title="Sleep and anxiety", slug="sleep", body="Most adults need seven hours.",
        requires_clinical_review=True, clinical_review_interval=6,
    )  # fmt: skip
    assert post.clinical_review_state == "missing"

    log_in(page, live_server, second_author.user.username)
    page.goto(f"{live_server.url}/admin/")
    waiting = page.locator("#panel-clinical-sign-off")
    waiting.get_by_role("link", name="Sleep and anxiety").click()
    expect(page.get_by_text("Most adults need seven hours.")).to_be_visible()
    page.get_by_label("Note (optional)").fill("Checked against the sleep guidelines.")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("You signed off the clinical review")).to_be_visible()

    post = Post.objects.get(pk=post.pk)
    assert post.reviewed_by == second_author and post.reviewed_on == timezone.localdate()
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    note = page.locator(".review-note")
    expect(note).to_contain_text(f"Reviewed by {second_author.name}")
    expect(note).to_contain_text(f"Next review due {date_format(post.next_review_due, 'F j, Y')}")
    assert console_errors == []
