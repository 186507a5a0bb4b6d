"""
WordPress bodies as Markdown (blog.wordpress.content) and the WXR reader
(core.wxr), as tables: each input with one expectation.
"""

import re

import pytest

from blog.wordpress.content import autop, comment_text, find_byline, to_markdown
from core.markdown import render_markdown
from core.redirect_paths import RedirectPathError, normalise_old_path
from core.wxr import WxrItem, read, survey

from .wordpress_exports import EXPORT


@pytest.mark.parametrize(
    ("paragraph", "name", "credentials", "url", "label"),
    [
        (
            "By Hailey Oliver, MA, MHCI. Book with her here: "
            "[https://book.example/h](https://book.example/h)",
            "Hailey Oliver", ["MA", "MHCI"], "https://book.example/h", "Book with her here",
        ),
        (
            "By Sam Reyes, LMFT. [Book with him here](https://book.example/s)",
            "Sam Reyes", ["LMFT"], "https://book.example/s", "Book with him here",
        ),
        (
            "*By Dana Kim, Ph.D., LPC. Book a session: <https://book.example/d>*",
            "Dana Kim", ["Ph.D.", "LPC"], "https://book.example/d", "Book a session",
        ),
        ("By Jo Park, PsyD.", "Jo Park", ["PsyD"], "", ""),
    ],
)  # fmt: skip
def test_closing_byline_is_read_and_taken_out(paragraph, name, credentials, url, label):
    body, byline = find_byline(f"The post.\n\n{paragraph}\n")
    assert body == "The post.\n"
    assert byline is not None
    assert (byline.name, byline.credentials, byline.booking_url, byline.booking_label) == (
        name, credentials, url, label,
    )  # fmt: skip


@pytest.mark.parametrize(
    "paragraph",
    [
        "By the way, we are all learning.",  # not a name
        "By Hailey Oliver.",  # a name but nothing to take
        "Written by Hailey Oliver, MA.",  # not a byline's shape
    ],
)
def test_ordinary_closing_paragraphs_are_not_bylines(paragraph):
    markdown = f"The post.\n\n{paragraph}\n"
    assert find_byline(markdown) == (markdown, None)


def test_byline_in_the_middle_of_a_post_stays():
    markdown = "By Hailey Oliver, MA. Book: https://book.example/h\n\nMore text.\n"
    assert find_byline(markdown) == (markdown, None)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("One\n\nTwo", "<p>One</p>\n\n<p>Two</p>"),
        ("Line one\nline two", "<p>Line one<br>\nline two</p>"),
        ("<h2>Title</h2>\n\nText", "<h2>Title</h2>\n\n<p>Text</p>"),
        ("<ul><li>a</li></ul>", "<ul>\n\n<li>a</li>\n\n</ul>"),
        # Text with a list on the next line: a paragraph, then the list, no <br>s.
        ("Lists:\n<ul>\n\t<li>a</li>\n</ul>", "<p>Lists:</p>\n\n<ul>\n\n<li>a</li>\n\n</ul>"),
        ("<pre>a\n\n\tb</pre>", "<pre>a\n\n\tb</pre>"),  # kept exactly
        ("\r\n\r\n", ""),
    ],
)
def test_autop_makes_paragraphs_as_wordpress_shows_them(html, expected):
    assert autop(html) == expected


# The shapes of the classic editor's markup in WordPress's Theme Unit Test
# export (docs/importing-wordpress.md), written small.
@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "A corner case\n<ul>\n\t<li>one</li>\n\t<li>two\n<ol>\n\t<li>inner</li>\n</ol>\n"
            "</li>\n</ul>\n<h3>Next</h3>",
            "A corner case\n\n- one\n- two\n    1. inner\n\n### Next\n",
        ),
        (  # two list blocks one after the other stay two lists
            "<ol><li>a</li><li>b</li></ol>\n\n<ol><li>c</li></ol>",
            "1. a\n2. b\n\n<!-- -->\n\n1. c\n",
        ),
        (
            "<ol><li><p>one</p><p>more</p></li><li>two</li></ol>",
            "1. one\n\n    more\n\n2. two\n",
        ),
        (
            "<pre>\n<cite>Frost</cite>\n\n\n\tTwo roads</pre>\nAfter",
            "```\nFrost\n\n\tTwo roads\n```\n\nAfter\n",
        ),
        (
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td>"
            "</tr></tbody><tfoot><tr><td>f1</td><td>f2</td></tr></tfoot></table>",
            "| a | b |\n| --- | --- |\n| 1 | 2 |\n| f1 | f2 |\n",
        ),
        (
            "<table><tbody><tr><td>x</td><td>y</td></tr><tr><td>1</td><td>2</td></tr></tbody></table>",
            "| x | y |\n| --- | --- |\n| 1 | 2 |\n",
        ),
    ],
)  # fmt: skip
def test_classic_lists_preformatted_text_and_tables_keep_their_shape(html, expected):
    assert to_markdown(html).markdown == expected


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        (
            "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>",
            "<ul>\n<li>a<ul>\n<li>b<ol>\n<li>c</li>\n</ol>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>",
        ),
        (
            "<ol><li>a</li></ol><ol><li>b</li></ol>",
            "<ol>\n<li>a</li>\n</ol>\n\n\n<ol>\n<li>b</li>\n</ol>",
        ),
    ],
)  # fmt: skip
def test_nested_and_adjacent_lists_show_as_they_did_on_wordpress(html, shown):
    """Posts here are shown by Python-Markdown: a nested list is four spaces in."""
    assert render_markdown(to_markdown(html).markdown) == shown


@pytest.mark.parametrize(
    ("html", "expected", "left"),
    [
        ("<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->", "Hi\n", []),
        ("[embed]https://video.example/v/1[/embed]", "<https://video.example/v/1>\n", []),
        ("[gallery]", "[gallery]\n", ["gallery"]),  # no ids: nothing to show
        ('[gallery]\n\n[gallery columns="2"]', '[gallery]\n\n[gallery columns="2"]\n', ["gallery"]),
        ('Join [mailchimp id="3"] now', 'Join [mailchimp id="3"] now\n', ["mailchimp"]),
        ("[su_box]Inside[/su_box]", "[su\\_box]Inside[/su\\_box]\n", ["su_box"]),
        ("A [1] footnote and [sic]", "A [1] footnote and [sic]\n", ["sic"]),
    ],
)
def test_shortcodes_are_translated_or_listed(html, expected, left):
    converted = to_markdown(html)
    assert converted.markdown == expected
    assert converted.shortcodes == left


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("[gallery]", ["a.png", "b.jpg"]),  # the post's images (not the PDF), lowest id first
        ('[gallery columns="2" exclude="7"]', ["a.png"]),
        ('[gallery include="5"]', ["a.png"]),
        ('[gallery ids="9"]', ["other.jpg"]),  # named ids win
    ],
)
def test_a_gallery_without_ids_shows_the_images_uploaded_to_the_post(html, shown):
    attachments = {
        5: ("https://old.example/wp-content/uploads/a.png", "A"),
        7: ("https://old.example/wp-content/uploads/b.jpg", "B"),
        8: ("https://old.example/wp-content/uploads/notes.pdf", "Notes"),
        9: ("https://old.example/wp-content/uploads/other.jpg", "Other"),
    }
    converted = to_markdown(html, attachments=attachments, attached=[8, 7, 5])
    found = re.findall(r"uploads/([\w.]+)\)", converted.markdown)
    assert found == shown
    assert converted.shortcodes == []
    assert "gallery" not in converted.markdown


@pytest.mark.parametrize(
    "hostile",
    [
        '<script>alert("x")</script><p>Text</p>',
        '<p onclick="alert(1)">Text</p>',
        '<a href="javascript:alert(1)">Text</a>',
        '<img src="x" onerror="alert(1)">Text',
        "<iframe src='https://evil.example'></iframe><p>Text</p>",
    ],
)
def test_hostile_html_does_not_survive_conversion_and_rendering(hostile):
    html = render_markdown(to_markdown(hostile).markdown)
    assert "<script" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html


def test_images_are_resolved_and_missing_ones_become_links():
    converted = to_markdown(
        '<p><img src="https://old.example/a.png" alt="Found"></p>'
        '<p><img src="https://old.example/b.png" alt="Gone"></p>',
        resolve_image=lambda url: "/media/new.png" if url.endswith("a.png") else None,
    )
    assert "![Found](/media/new.png)" in converted.markdown
    assert "[Gone](https://old.example/b.png)" in converted.markdown
    assert converted.images_missing == ["https://old.example/b.png"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Plain words", "Plain words"),
        ('See <a href="https://x.example">my site</a>', "See my site (https://x.example)"),
        ('<a href="https://x.example">https://x.example</a>', "https://x.example"),
        ("One<br />two\n\nThree", "One\ntwo\n\nThree"),
        ("<b>Bold</b> &amp; <i>not</i>", "Bold & not"),
        (  # WordPress's comment-images test: an indented image between lines
            'Look.\n\t<img src="https://x.example/a.jpg?w=171" alt="A farm" />\n\tNice...\n\t',
            "Look.\nA farm (https://x.example/a.jpg?w=171)\nNice...",
        ),
        ('<img src="https://x.example/b.png">', "https://x.example/b.png"),
        ("<pre>keep\n  this</pre>", "keep\n  this"),
    ],
)
def test_comment_html_becomes_plain_text(html, expected):
    assert comment_text(html) == expected


def test_survey_counts_every_kind_and_indexes_attachments():
    found = survey(EXPORT)
    assert found.site.key == "https://old.example"
    assert found.counts == {
        "author": 2, "category": 2, "tag": 2, "attachment": 3, "post": 9, "page": 1,
        "nav_menu_item": 1, "comment": 11,
    }  # fmt: skip
    assert found.attachments[50] == (
        "https://old.example/wp-content/uploads/2019/05/photo.png",
        "Two chairs facing each other",
    )
    assert found.attached == {101: [50]}  # attachments by the post they were uploaded to


def test_items_come_with_their_terms_meta_and_comments():
    items = {r.wp_id: r for r in read(EXPORT) if isinstance(r, WxrItem)}
    argue = items[101]
    assert argue.title == "How to Argue Less &amp; Listen More"
    assert ("category", "couples-therapy", "Couples Therapy") in argue.terms
    assert argue.meta["_thumbnail_id"] == "51"
    assert [c.wp_id for c in argue.comments][:3] == [1001, 1003, 1002]
    assert items[102].is_sticky and items[108].password == "secret"


@pytest.mark.parametrize(
    ("old", "stored"),
    [
        ("https://old.example/?p=123", "/?p=123"),
        ("/?page_id=7", "/?page_id=7"),
        ("https://old.example/2019/05/post/?p=1", "/2019/05/post/"),
    ],
)
def test_wordpress_short_links_keep_their_query_as_the_old_path(old, stored):
    assert normalise_old_path(old) == stored


@pytest.mark.parametrize("old", ["/?p=1&utm=x", "/?s=search", "/?p=abc"])
def test_other_queries_on_the_home_page_are_no_redirect(old):
    with pytest.raises(RedirectPathError):
        normalise_old_path(old)


def test_older_wxr_versions_are_read_the_same(tmp_path):
    """WordPress 4.x wrote WXR 1.1 (its own namespace); nothing else changes."""
    text = EXPORT.read_text(encoding="utf-8").replace("export/1.2/", "export/1.1/")
    older = tmp_path / "wxr-1.1.xml"
    older.write_text(text.replace("<wp:wxr_version>1.2", "<wp:wxr_version>1.1"), "utf-8")
    found = survey(older)
    assert found.site.version == "1.1"
    assert found.counts == survey(EXPORT).counts


def test_wordpress_com_https_namespace_is_read_the_same(tmp_path):
    """WordPress.com (and WordPress's own Theme Unit Test data) write https:// namespaces."""
    text = EXPORT.read_text(encoding="utf-8").replace(
        "http://wordpress.org/export/", "https://wordpress.org/export/"
    )
    assert "https://wordpress.org/export/1.2/" in text
    https = tmp_path / "wordpress-com.xml"
    https.write_text(text, "utf-8")
    found = survey(https)
    assert found.site.version == "1.2"
    assert found.counts == survey(EXPORT).counts
