"""
An author declares a credential and an editor verifies it, in Debian's
Chromium against a live server with the page cache on.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from authors.models import Credential

from .browser_steps import log_in

pytestmark = pytest.mark.browser

# Screenshots for a person to look at; kept out of the repository.
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/credential-journey"))


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_an_authors_credential_reaches_her_profile_only_once_an_editor_verified_it(
    page, browser, live_server, settings, author, editor, post, make_credential, console_errors
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    make_credential(abbreviation="MA", title="Master of Arts", verified_by=editor)
    profile_url = f"{live_server.url}/authors/alice-rivera/"

    # The author finds her own profile from any admin page.
    log_in(page, live_server, "alice")
    page.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(rf"/admin/authors/author/{author.pk}/change/$"))
    expect(page.get_by_label("Display name")).to_have_value("Alice Rivera")
    shoot(page, "1-my-profile")

    # She adds a credential: she is already chosen, and the only choice.
    page.goto(f"{live_server.url}/admin/authors/credential/add/")
    author_select = page.locator("select[name=author]")
    expect(author_select).to_have_value(str(author.pk))
    expect(author_select.locator("option")).to_have_count(1)
    page.get_by_label("Abbreviation").fill("CGT")
    page.get_by_label("Full title").fill("Certified Gottman Therapist")
    page.get_by_label("Kind").select_option("certification")
    shoot(page, "2-add-credential")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    row = page.locator("#result_list tr", has_text="Certified Gottman Therapist")
    expect(row).to_contain_text("Awaiting verification")
    shoot(page, "3-awaiting-verification")

    # Readers do not see it yet (and the page is now cached without it).
    page.goto(profile_url)
    expect(page.locator(".credential")).to_have_count(1)
    expect(page.locator("#credentials")).not_to_contain_text("CGT")
    expect(page.locator("h1")).to_have_text("Alice Rivera, MA")
    shoot(page, "4-profile-before")

    # The editor, in her own browser, verifies it.
    editor_context = browser.new_context()
    editor_page = editor_context.new_page()
    log_in(editor_page, live_server, "editor")
    expect(editor_page.get_by_role("link", name="My profile")).to_have_count(0)
    credential = Credential.objects.get(abbreviation="CGT")
    editor_page.goto(f"{live_server.url}/admin/authors/credential/{credential.pk}/change/")
    status = editor_page.locator(".fieldBox.field-verification")
    expect(status).to_contain_text("Awaiting verification")
    editor_page.get_by_label("Verified").check()
    editor_page.get_by_role("button", name="Save", exact=True).click()
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(
        editor_page.locator("#result_list tr", has_text="Certified Gottman Therapist")
    ).to_contain_text("Verified by editor")
    shoot(editor_page, "5-editor-verified")
    editor_context.close()

    # Now it is on her public profile, with the verified mark.
    page.goto(profile_url)
    cgt = page.locator(".credential", has_text="CGT")
    expect(cgt).to_contain_text("Certified Gottman Therapist")
    expect(cgt).to_contain_text("Verified by the editors on")
    expect(page.locator("h1")).to_have_text("Alice Rivera, MA, CGT")
    shoot(page, "6-profile-after")
    assert console_errors == []
