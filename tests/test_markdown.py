import pytest

from core.markdown import markdown_to_text, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    '<object data="evil.swf"></object>',
    "[ref][1]\n\n[1]: javascript:alert(1)",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_neutralised(text):
    html = render_markdown(text).lower()
    for forbidden in (
        "<script",
        "javascript:",
        "vbscript:",
        "data:",
        "<iframe",
        "<style",
        "<svg",
        "<object",
        " on",
    ):
        assert forbidden not in html, (forbidden, html)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Heading", '<h2 id="h-heading">Heading</h2>'),
        ("*em* and **strong**", "<em>em</em> and <strong>strong</strong>"),
        ("> quoted", "<blockquote>"),
        ("- one\n- two", "<li>one</li>"),
        ("1. one\n2. two", "<ol>"),
        ("`code`", "<code>code</code>"),
        ("```\nblock\n```", "<pre><code>block"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>"),
        ("[site](https://example.org)", 'href="https://example.org"'),
        ("![alt text](/media/x.png)", 'alt="alt text"'),
    ],
)
def test_allowed_markdown_survives(text, expected, db):
    # db: an image under /media/ is looked up in the media library (core.media.figures).
    assert expected in render_markdown(text)


def test_links_within_the_site_get_noopener_only():
    assert 'href="/blog/x/" rel="noopener"' in render_markdown("[x](/blog/x/)")


def test_outbound_links_get_nofollow_unless_trusted():
    assert 'rel="nofollow noopener"' in render_markdown("[x](https://example.org)")
    trusted = render_markdown("[x](https://example.org)", is_trusted_link=lambda url: True)
    assert 'rel="noopener"' in trusted and "nofollow" not in trusted


def test_a_raw_html_link_cannot_bring_its_own_rel():
    html = render_markdown('<a href="https://spam.example" rel="follow">x</a>')
    assert html.count("rel=") == 1 and 'rel="nofollow noopener"' in html


def test_script_content_does_not_leak_as_text():
    assert "alert" not in render_markdown("before <script>alert(1)</script> after")


def test_plain_text_of_markdown_is_unescaped_text():
    assert markdown_to_text("Tom & **Jerry** <b>x</b>\n\nnext") == "Tom & Jerry x next"


def test_one_document_leaves_nothing_behind_for_the_next():
    # The converter is reused between documents: a link reference, a footnote
    # or a heading id of one post must never appear in another.
    first = render_markdown(
        "## Trust\n\nSee [the study][s].[^1]\n\n[s]: https://a.example/\n\n[^1]: A note."
    )
    assert 'href="https://a.example/"' in first and 'id="fn-1"' in first

    second = render_markdown("## Trust\n\nSee [the study][s].")
    assert "a.example" not in second
    assert "fn-1" not in second and "A note." not in second
    assert '<h2 id="h-trust">' in second  # not "h-trust_1": the first post's ids are gone
