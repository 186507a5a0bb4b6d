"""
The media library in the post editor, in Debian's Chromium against a live
server: insert an image from the library with the keyboard, upload one with
its alt text (refused without), drop one onto the text (asked for its alt
text first), see the figures in the live preview, publish, and find the
same figures on the public page.
"""

import base64
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from blog.models import Post
from core.models import MediaItem

from .browser_steps import log_in
from .conftest import make_image_bytes

pytestmark = pytest.mark.browser

DROP_SCRIPT = """
([selector, data, name]) => {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: "image/png" }));
    const target = document.querySelector(selector);
    const drop = { dataTransfer: transfer, bubbles: true, cancelable: true };
    target.dispatchEvent(new DragEvent("drop", drop));
}
"""


def figures_in(html: str) -> list[str]:
    return re.findall(r"<figure.*?</figure>", html, re.S)


def test_editor_inserts_uploads_and_drops_images_and_the_page_matches_the_preview(
    page, live_server, editor, make_post, tmp_path, console_errors
):
    library = MediaItem.objects.create(
        file=SimpleUploadedFile("bench.jpg", make_image_bytes(size=(1200, 800))),
        alt_text="A couple talking on a bench",
        caption="Talking it through",
        credit="Photo: Ana Ruiz",
        uploaded_by=editor,
    )
    post = make_post(title="Talking outdoors", status=Post.Status.DRAFT, body="Walk first.")
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
    body = page.locator("textarea#id_body")
    preview = page.locator(".markdownx-preview")
    dialog = page.get_by_role("dialog", name="Insert an image")

    # From the library, with the keyboard only.
    page.get_by_role("button", name="Insert image").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    expect(page.get_by_label("Search by alt text, caption or credit")).to_be_focused()
    page.keyboard.type("bench")
    choice = dialog.get_by_role("button", name=re.compile("A couple talking on a bench"))
    expect(choice).to_have_count(1)
    choice.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(body).to_have_value(re.compile(re.escape(library.markdown())))
    expect(preview.locator("figure picture source[type='image/webp']")).to_have_count(1)
    expect(preview.locator("figcaption")).to_contain_text("Talking it through")

    # Uploaded: refused without alt text, which keeps what was typed.
    page.get_by_role("button", name="Insert image").click()
    dialog.get_by_label("Image", exact=True).set_input_files(
        {
            "name": "teapot.png",
            "mimeType": "image/png",
            "buffer": make_image_bytes("PNG", (900, 600)),
        }
    )
    dialog.get_by_label("Caption (optional)").fill("Tea before the talk")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Describe the image")
    expect(dialog.get_by_label("Caption (optional)")).to_have_value("Tea before the talk")
    dialog.get_by_label("Alt text", exact=True).fill("A teapot and two cups")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    expect(body).to_have_value(
        re.compile(r'!\[A teapot and two cups\]\(/media/library/.*"Tea before the talk"\)')
    )
    expect(preview.locator("figure")).to_have_count(2)

    # Dropped onto the text: the chooser asks for its alt text before anything goes in.
    data = base64.b64encode(make_image_bytes("PNG", (700, 500))).decode()
    page.evaluate(DROP_SCRIPT, ["textarea#id_body", data, "walk.png"])
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Describe “walk.png” before it goes into the text.")
    expect(dialog.get_by_label("Alt text", exact=True)).to_be_focused()
    page.screenshot(path=tmp_path / "chooser-asks-for-alt-text.png")
    assert "walk" not in body.input_value() and MediaItem.objects.count() == 2
    page.keyboard.type("A path through a park")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(body).to_have_value(re.compile(r"!\[A path through a park\]\(/media/library/"))
    expect(preview.locator("figure")).to_have_count(3)
    page.screenshot(path=tmp_path / "editor-preview-with-figures.png", full_page=True)
    preview_figures = figures_in(preview.inner_html())

    page.get_by_label("Status").select_option("published")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    expect(page.get_by_role("img", name="A teapot and two cups")).to_be_visible()
    page.screenshot(path=tmp_path / "public-page-with-figures.png", full_page=True)
    published = figures_in(page.locator(".post__body").inner_html())
    assert len(published) == 3 and published == preview_figures
    assert console_errors == []
