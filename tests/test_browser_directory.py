"""
The therapist directory in Debian's Chromium against a live server: a reader
goes from a post to the directory filtered for her and books, with
JavaScript off (issue 17).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from authors.models import BookingClick, FocusArea, Language

from .directory_people import therapist

pytestmark = pytest.mark.browser

# A browser's user agent: headless Chromium's own says "HeadlessChrome", which
# the booking counter rightly takes for a script (authors/booking.py).
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


@pytest.fixture
def directory_site(make_post):
    anxiety = FocusArea.objects.create(name="Anxiety", slug="anxiety")
    spanish = Language.objects.create(name="Spanish", slug="es")
    english = Language.objects.create(name="English", slug="en")
    therapist("Ana Diaz", focus=[anxiety], languages=[spanish, english], licensed_in=["Oregon"])
    therapist("Bea Stone", focus=[anxiety], languages=[english], licensed_in=["Oregon"])
    therapist("Cora Vance", focus=[anxiety], languages=[spanish], licensed_in=["Washington"])
    post = make_post(title="When worry runs the house", slug="worry")
    post.focus_areas.set([anxiety])
    return post


def test_a_reader_goes_from_a_post_to_the_filtered_directory_and_books_without_javascript(
    browser, live_server, directory_site
):
    context = browser.new_context(java_script_enabled=False, user_agent=READER_AGENT)
    # The booking address is another site's: answered here, no request leaves.
    context.route(
        "https://example.com/**",
        lambda route: route.fulfill(
            status=200, body="<h1>Booking page</h1>", content_type="text/html"
        ),
    )
    page = context.new_page()
    page.goto(live_server.url + directory_site.get_absolute_url())
    suggestions = page.locator(".suggestions")
    expect(
        suggestions.get_by_role("heading", name="Therapists who work with anxiety")
    ).to_be_visible()
    expect(suggestions.locator(".author-card")).to_have_count(3)

    # She says where she lives: a plain GET form.
    suggestions.get_by_label("Where do you live?").select_option("Oregon")
    suggestions.get_by_role("button", name="Show therapists").click()
    expect(page).to_have_url(re.compile(r"\?in=Oregon"))
    expect(page.locator(".suggestions .author-card")).to_have_count(2)

    # To the directory, filtered for her: anxiety, Oregon, accepting.
    page.get_by_role("link", name="All therapists for anxiety in Oregon").click()
    expect(page).to_have_url(re.compile(r"/authors/\?focus=anxiety&in=Oregon&accepting=1$"))
    expect(page.locator(".author-list .author-card")).to_have_count(2)
    # She narrows it down by language: the link says how many remain.
    page.get_by_role("link", name="Spanish (1)").click()
    expect(page).to_have_url(re.compile(r"language=es"))
    cards = page.locator(".author-list .author-card")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Ana Diaz")
    expect(cards).to_contain_text("Licensed in Oregon")
    expect(cards).to_contain_text("Accepting new clients")

    cards.get_by_role("link", name="Book a session").click()
    expect(page.get_by_role("heading", name="Booking page")).to_be_visible()
    assert page.url == "https://example.com/book/ana"
    click = BookingClick.objects.get()
    assert click.author.name == "Ana Diaz"
    assert (click.source, click.filters) == (
        "list",
        "focus=anxiety&language=es&in=Oregon&accepting=1",
    )
    context.close()


def test_directory_has_no_accessibility_violations_or_console_errors(
    page, live_server, directory_site, console_errors
):
    page.goto(f"{live_server.url}/authors/?focus=anxiety&language=es")
    expect(page.locator(".author-list .author-card")).to_have_count(2)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.goto(live_server.url + directory_site.get_absolute_url())
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert console_errors == []
