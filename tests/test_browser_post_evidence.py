"""
An editor writes a post with an image from the media library, two
footnotes, key points and a reference with a DOI, in Debian's Chromium
against a live server (issue 18's journey): the live preview shows the
figure and the notes as they will be, the draft's preview page shows the
whole article, and once published readers get the same article, notes and
contents working.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from blog.models import Post
from core.models import MediaItem

from .browser_steps import log_in
from .conftest import make_image_bytes

pytestmark = pytest.mark.browser

BODY = """Trust grows in small moments.[^1] Repair matters more than rupture.[^study]

## Notice the small moments

Text about noticing.

## Say what you saw

Text about saying it.

## Ask, then listen

Text about asking.

## Keep it weekly

Text about the weekly check-in.

[^1]: Most couples we see say so in their first session.
[^study]: See the study under References.
"""
DOI = "10.5555/demo.trust.2021"
REFERENCE = (
    f"Rivera, M. (2021). Small repairs after betrayal. Journal of Examples, 4(2), 10–24. doi:{DOI}"  # noqa: E501
)
DATE_LINE = re.compile(r'<p class="post__meta">.*?</p>', re.S)


def article(page) -> str:
    """The article as shown, without its date line (a draft has no date yet)."""
    return DATE_LINE.sub("", page.locator("article.post").inner_html())


def test_editor_writes_notes_key_points_and_a_doi_and_readers_get_what_she_previewed(
    page, browser, live_server, settings, editor, author, console_errors
):
    MediaItem.objects.create(
        file=SimpleUploadedFile("bench.jpg", make_image_bytes(size=(1200, 800))),
        alt_text="A couple talking on a bench",
        caption="Talking it through",
        uploaded_by=editor,
    )
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.get_by_label("Title").press_sequentially("Small repairs")
    page.locator("#id_author + .select2 .select2-selection").click()  # the admin's autocomplete
    page.locator(".select2-search__field").fill("Alice")
    page.get_by_role("option", name="Alice Rivera").click()
    body = page.locator("textarea#id_body")
    body.fill(BODY)
    # An image from the library, put in after the first section's text.
    after = BODY.index("Text about noticing.") + len("Text about noticing.")
    body.evaluate("(area, at) => { area.focus(); area.setSelectionRange(at, at); }", after)
    page.get_by_role("button", name="Insert image").click()
    chooser = page.get_by_role("dialog", name="Insert an image")
    chooser.get_by_label("Search by alt text, caption or credit").fill("bench")
    chooser.get_by_role("button", name=re.compile("A couple talking on a bench")).click()
    expect(chooser).to_be_hidden()
    # The live preview renders the figure and the notes as readers will get them.
    live = page.locator(".markdownx-preview")
    expect(live.locator("figure picture img")).to_have_attribute(
        "alt", "A couple talking on a bench"
    )
    expect(live.locator("figcaption")).to_contain_text("Talking it through")
    expect(live.locator("sup a.footnote-ref")).to_have_count(2)
    expect(live.locator("li#fn-2")).to_contain_text("See the study under References.")
    expect(live.locator("h2#h-say-what-you-saw")).to_have_text("Say what you saw")
    page.get_by_role("textbox", name="Key points").fill(
        "Small moments count.\nRepair beats rupture."
    )
    page.get_by_role("textbox", name="References").fill(REFERENCE)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist li.success")).to_contain_text("was added successfully")
    post = Post.objects.get(slug="small-repairs")
    assert post.status == Post.Status.DRAFT

    # The preview page: the whole article, with key points, contents and references.
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    expect(page.get_by_role("status")).to_contain_text("Draft preview")
    key_points = page.get_by_role("region", name="Key points")
    expect(key_points.get_by_role("listitem")).to_have_text(
        ["Small moments count.", "Repair beats rupture."]
    )
    references = page.get_by_role("region", name="References")
    expect(references.get_by_role("link")).to_have_attribute("href", f"https://doi.org/{DOI}")
    previewed = article(page)

    # Published from the change form; a reader gets the same article.
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist li.success")).to_contain_text("was changed successfully")
    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}{post.get_absolute_url()}")
    assert article(reader) == previewed
    expect(reader.locator("article.post figure picture img")).to_have_attribute(
        "alt", "A couple talking on a bench"
    )
    results = Axe().run(reader)  # key points, contents, notes and references included
    assert results.violations_count == 0, results.generate_report()
    # The notes and the contents lead where they say, and back.
    reader.locator("sup#fnref-2 a").click()
    expect(reader).to_have_url(re.compile("#fn-2$"))
    reader.locator("li#fn-2 a.footnote-backref").click()
    expect(reader).to_have_url(re.compile("#fnref-2$"))
    reader.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="Ask, then listen"
    ).click()
    expect(reader).to_have_url(re.compile("#h-ask-then-listen$"))
    expect(reader.locator("#h-ask-then-listen")).to_be_in_viewport()
    assert console_errors == []
