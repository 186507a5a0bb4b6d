"""An author keeps their own page, in Debian's Chromium against a live server."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from authors.models import Author

from .browser_steps import log_in
from .conftest import make_image_bytes

pytestmark = pytest.mark.browser


def test_author_edits_their_profile_and_sees_it_on_the_site(
    page, live_server, author, second_author, post, make_credential, editor, console_errors
):
    make_credential(abbreviation="MA", title="Master of Arts", verified_by=editor)
    log_in(page, live_server, "alice")

    # Only their own profile is listed; it opens from the list.
    page.goto(f"{live_server.url}/admin/authors/author/")
    expect(page.get_by_role("link", name="Bob Okafor")).to_have_count(0)
    page.get_by_role("link", name="Alice Rivera").click()
    expect(page.get_by_label("Slug")).to_have_count(0)  # shown, not editable

    page.locator("textarea#id_bio").fill("I help couples **repair** after a rupture.")
    page.locator("#id_photo").set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": make_image_bytes("PNG")}]
    )
    page.get_by_label("Booking label").fill("Book a session with me")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    profile = Author.objects.get(pk=author.pk)
    assert profile.profile_photo and profile.byline_photo

    page.goto(f"{live_server.url}/authors/alice-rivera/")
    expect(page.locator(".profile__bio strong")).to_have_text("repair")
    expect(
        page.locator(".profile").get_by_role("link", name="Book a session with me")
    ).to_have_attribute("href", "/authors/alice-rivera/book/?via=profile")
    expect(page.locator(".profile__photo")).to_have_attribute("src", profile.profile_photo.src)
    # The browser picked a WebP crop from the <source>, and it loaded.
    expect(page.locator(".profile__photo")).to_have_js_property("complete", True)
    assert ".webp" in page.locator(".profile__photo").evaluate("img => img.currentSrc")
    assert page.locator(".profile__photo").evaluate("img => img.naturalWidth") > 0
    expect(page.locator(".credential")).to_contain_text("Verified by the editors on")

    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    byline = page.locator(".post__header .byline")
    expect(byline).to_contain_text("By Alice Rivera, MA")
    expect(byline).to_contain_text("Credentials verified by the editors on")
    expect(byline.get_by_role("link", name="Book a session with me")).to_have_attribute(
        "href", f"/authors/alice-rivera/book/?from={post.slug}"
    )
    expect(byline.locator("img")).to_have_attribute("src", profile.byline_photo.src)
    # The photo sits flush with the byline's edge: the <picture> adds no box, no gap.
    assert byline.locator("img").bounding_box()["x"] == byline.bounding_box()["x"]

    # Another author's profile, typed by hand: never the form.
    page.goto(f"{live_server.url}/admin/authors/author/{second_author.pk}/change/")
    expect(page).not_to_have_url(re.compile(rf"/author/{second_author.pk}/change/"))
    expect(page.locator("#author_form")).to_have_count(0)
    assert console_errors == []


@pytest.mark.parametrize("path", ["/authors/", "/authors/alice-rivera/", "/blog/rebuilding-trust/"])
def test_author_pages_have_no_accessibility_violations(
    page, live_server, author, post, make_credential, editor, path
):
    make_credential(abbreviation="MA", title="Master of Arts", verified_by=editor)
    author.bio = "## About me\n\nI work with couples."
    author.website = "https://alice.example"
    author.social_links = "https://mastodon.example/@alice"
    author.save()
    page.goto(live_server.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_author_page_reads_well_at_320_pixels(
    page, live_server, author, post, make_credential, editor
):
    make_credential(
        abbreviation="LMFT",
        title="Licensed Marriage and Family Therapist",
        issuer="State Board of Licensed Counselors and Therapists",
        licence_number="T4821",
        verified_by=editor,  # only verified credentials are on the page
    )
    author.social_links = "https://www.linkedin.com/in/a-very-long-profile-name-that-goes-on"
    author.save()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/authors/alice-rivera/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
