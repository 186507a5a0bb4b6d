"""
The comment form's comforts (issue 17): the note above it, the box that keeps
a writer's details in their own browser, and crisis numbers a phone can call.
The browser half (localStorage, tap targets) is tests/test_browser_comment_form.py.
"""

import re

import pytest

from comments.models import DEFAULT_CRISIS_MESSAGE, Comment
from comments.phone_links import linked_phone_numbers, phone_numbers_in
from tests.comment_helpers import ensure_default_lists, post_comment

NOTE = (
    "Comments are public; please don’t share details that identify you or others. "
    "Comments are not therapy."
)


def tel_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="(tel:[^"]*)">([^<]*)</a>', html)


@pytest.mark.parametrize(
    "text, links",
    [
        (DEFAULT_CRISIS_MESSAGE, [("tel:988", "988"), ("tel:116123", "116 123")]),
        ("Samaritans: +44 808 164 0123.", [("tel:+448081640123", "+44 808 164 0123")]),
        ("Lifeline 1-800-273-8255 (US)", [("tel:+18002738255", "1-800-273-8255")]),
        ("Lifeline (800) 273-8255", [("tel:+18002738255", "(800) 273-8255")]),
        ("Childline on 0800 1111", [("tel:+448001111", "0800 1111")]),
        ("Emergencies: 911 or 999.", [("tel:911", "911"), ("tel:999", "999")]),
        ("Updated in 2026; lines open 24 hours, 365 days.", []),
        ("See page 123-456 of the guide.", []),
        ("An address like 988a or A988 is no number.", []),
        ("Call the Lifeline on 555-HELP now.", []),
        ("From the US, 011 dials abroad; 000 and 001 are no lines here.", []),
        ("Arabic-Indic digits ٩٨٨ stay text; the lines are written 988.", [("tel:988", "988")]),
    ],
)  # fmt: skip
def test_phone_numbers_in_the_help_text_become_tel_links(text, links):
    assert tel_links(linked_phone_numbers(text)) == links


def test_any_text_an_editor_types_renders_without_error():
    digits = "0123456789 +-()./#x٩٨"
    for length in range(1, 40):
        for start in range(len(digits)):
            text = (digits[start:] + digits[:start]) * (length // len(digits) + 1)
            linked_phone_numbers(text[:length])
    linked_phone_numbers("9" * 2000)


def test_full_numbers_link_in_e164_and_short_lines_by_their_digits():
    spans = phone_numbers_in("Call +1 (800) 273-8255 or 988.")
    assert [address for _, _, address in spans] == ["tel:+18002738255", "tel:988"]


def test_the_help_text_is_escaped_and_keeps_its_paragraphs():
    html = linked_phone_numbers('<script>x</script> "Call" 988\n\nSecond & last.')
    assert html == (
        '<p>&lt;script&gt;x&lt;/script&gt; &quot;Call&quot; <a href="tel:988">988</a></p>'
        "\n\n<p>Second &amp; last.</p>"
    )


def test_short_lines_are_only_those_of_the_configured_regions(settings):
    settings.COMMENTS_PHONE_REGIONS = ["GB"]
    assert tel_links(linked_phone_numbers("988 or 116 123")) == [("tel:116123", "116 123")]


def test_an_unknown_region_code_is_left_out_rather_than_failing_the_page(settings):
    settings.COMMENTS_PHONE_REGIONS = ["XX", "gb"]
    assert tel_links(linked_phone_numbers("988 or 116 123")) == [("tel:116123", "116 123")]


def test_the_writer_of_a_crisis_comment_sees_the_help_numbers_as_tel_links(client, post):
    ensure_default_lists()
    response = post_comment(client, post, body="Sometimes I want to die.")
    assert Comment.objects.get().crisis
    html = client.get(response["Location"]).content.decode()
    help_box = re.search(r'<div class="crisis-help" role="note">(.*?)</div>', html, re.S)[1]
    assert tel_links(help_box) == [("tel:988", "988"), ("tel:116123", "116 123")]


def test_the_note_stands_above_the_form_on_the_post_and_its_error_page(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.count(NOTE) == 1
    assert html.index(NOTE) < html.index('<form action="/comments/')
    refused = post_comment(client, post, name="", body="Typed but no name.")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert NOTE in page and "Typed but no name." in page


def test_the_remember_box_is_hidden_without_javascript_and_posts_nothing(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    box = re.search(r'<p class="comment-form-cookies-consent"( hidden)?>(.*?)</p>', html, re.S)
    assert box[1] == " hidden"  # comments.js shows it where it can keep the details
    assert '<input id="comment-remember" type="checkbox">' in box[2]  # no name: not sent
    assert "Save my name, email, and website in this browser" in box[2]


def test_staff_writers_type_no_details_so_get_no_remember_box(client, editor, post):
    client.force_login(editor)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Logged in as" in html
    assert "comment-remember" not in html
    assert NOTE in html


def test_the_notify_checkbox_sits_inside_its_label_so_the_whole_line_is_a_target(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    label = re.search(r'<label class="check" for="id_notify_replies">(.*?)</label>', html, re.S)
    assert 'id="id_notify_replies"' in label[1]
    assert "Notify me of replies by email" in label[1]
