"""
Footnotes, heading ids and contents, key points and references (issue 18):
what the sanitiser lets through for them and nothing more, how editors are
told about a bad DOI, what readers and search engines get, and that the
page, its cache, its preview and the link register follow every edit.
"""

import json
import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape

from blog import structured_data
from blog.links import links_the_register_never_saw
from blog.models import AllowedDomain, OutboundLink, PendingRevision, Post
from blog.models.evidence import parse_reference
from core.integrity import content_hash, is_intact
from core.markdown import headings, lead_text, render_markdown

from .test_blocklist_posts import change_data

TWO_NOTES = (
    "Trust grows in small moments.[^1] Repair matters more than rupture.[^gottman]\n\n"
    "[^1]: A first note.\n"
    "[^gottman]: A second note, with [a source](https://example.org/study).\n"
)
DOI_REFERENCE = (
    "Rivera, M. (2021). Small repairs after betrayal. Journal of Examples, 4(2), 10–24. "
    "https://doi.org/10.5555/demo.trust.2021"
)
URL_REFERENCE = "Common Ground editors (2024). Finding a therapist. https://example.org/finding"
LONG_BODY = "Intro.\n\n" + "\n\n".join(
    f"## Part {name}\n\nText of part {name}." for name in ("one", "two", "three", "four")
)


def ids_in(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]*)"', html)


def article_of(html: str) -> str:
    return html[html.index('<article class="post">') : html.index("</article>")]


# --- Footnotes and heading ids through the sanitiser --------------------------


def test_footnotes_keep_their_references_list_and_backlinks():
    html = render_markdown(TWO_NOTES)
    assert '<sup id="fnref-1"><a class="footnote-ref" href="#fn-1" rel="noopener">1</a></sup>' in (
        html
    )
    assert '<a class="footnote-ref" href="#fn-2" rel="noopener">2</a>' in html
    assert '<div class="footnote">' in html
    assert '<li id="fn-1">' in html and '<li id="fn-2">' in html
    assert 'class="footnote-backref" href="#fnref-2"' in html
    # A link in a note is like any other link: outbound, not vouched for.
    assert '<a href="https://example.org/study" rel="nofollow noopener">' in html


@pytest.mark.parametrize(
    "label",
    ['x" onmouseover="alert(1)', "comment-form", "__proto__", "a b", "<script>", "fn-1 x"],
    ids=["attribute-breakout", "page-element-id", "proto", "space", "tag", "two-ids"],
)
def test_a_footnote_label_never_reaches_an_id(label):
    html = render_markdown(f"Text.[^{label}]\n\n[^{label}]: The note.")
    assert ids_in(html) == ["fnref-1", "fn-1"]
    assert "onmouseover" not in html.replace("&quot;", "")


@pytest.mark.parametrize(
    ("typed", "forbidden"),
    [
        ('<h2 id="comment-form">Form</h2>', 'id="comment-form"'),
        ('<li id="newsletter-email">x</li>', 'id="newsletter-email"'),
        ('<sup id="fn-1 x">1</sup>', 'id="fn-1 x"'),
        ('<p id="h-intro">x</p>', "id="),
        ('<a name="location" href="#x">x</a>', "name="),
        ('<div class="footnote preview-banner" role="alert">x</div>', "preview-banner"),
        ('<div role="alert">x</div>', "role="),
        ('<a class="footnote-ref button" href="#fn-1">1</a>', "button"),
        ('<span class="footnote">x</span>', "class="),
        ('<div style="position:fixed">x</div>', "style="),
        ("[^1]\n\n[^1]: [x](javascript:alert(1))", "javascript:"),
    ],
    ids=[
        "heading-id-of-the-page",
        "list-item-id-of-the-page",
        "footnote-id-with-space",
        "id-on-a-paragraph",
        "name",
        "extra-class",
        "role",
        "class-on-a-link",
        "class-on-a-span",
        "style",
        "script-link-in-a-note",
    ],
)
def test_hostile_ids_classes_and_links_in_footnotes_do_not_survive(typed, forbidden):
    assert forbidden not in render_markdown(typed)


def test_headings_get_stable_deduplicated_ids_from_their_text():
    text = "## Why it *matters*\n\nA.\n\n## Why it matters\n\nB.\n\n### Cómo empezar\n\nC."
    html = render_markdown(text)
    assert ids_in(html) == ["h-why-it-matters", "h-why-it-matters_1", "h-cómo-empezar"]
    assert render_markdown(text) == html  # the same ids every time it is rendered
    assert [(h.level, h.id, h.text) for h in headings(html)] == [
        (2, "h-why-it-matters", "Why it matters"),
        (2, "h-why-it-matters_1", "Why it matters"),
        (3, "h-cómo-empezar", "Cómo empezar"),
    ]


def test_a_summary_leaves_footnotes_out():
    assert lead_text(TWO_NOTES) == "Trust grows in small moments. Repair matters more than rupture."


# --- References and key points: what editors may type --------------------------


@pytest.mark.parametrize(
    ("line", "doi", "url", "text"),
    [
        (DOI_REFERENCE, "10.5555/demo.trust.2021", "", DOI_REFERENCE.rsplit(" ", 1)[0]),
        ("Smith (2020). A book. doi: 10.1037/a0012345.", "10.1037/a0012345", "",
         "Smith (2020). A book."),
        ("Old style. http://dx.doi.org/10.1002/(SICI)1097-4679(199912)55:12",
         "10.1002/(SICI)1097-4679(199912)55:12", "", "Old style."),
        (URL_REFERENCE, "", "https://example.org/finding", URL_REFERENCE.rsplit(" ", 1)[0]),
        ("A talk without a link (2019).", "", "", "A talk without a link (2019)."),
    ],
    ids=["doi-address", "doi-prefix", "doi-with-brackets", "web-address", "no-link"],
)  # fmt: skip
def test_a_reference_line_is_read_as_its_citation_and_link(line, doi, url, text):
    reference, problem = parse_reference(line)
    assert (reference.doi, reference.url, reference.text, problem) == (doi, url, text, "")
    if doi:
        assert reference.link == f"https://doi.org/{doi}"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("references", "Smith (2020). A book. doi:10.12/x", "“10.12/x” is not a DOI"),
        ("references", 'Smith. https://doi.org/10.1000/a"b', "is not a DOI"),
        ("references", "Smith. https://exa_mple/a", "“https://exa_mple/a” is not a web address"),
        ("references", "https://doi.org/10.1037/a0012345", "give the authors, year and title"),
        ("key_points", "\n".join(f"Point {n}." for n in range(6)), "at most 5 key points"),
        ("key_points", "Short.\n" + "Long " * 50, "Key point 2 has 249 characters"),
    ],
    ids=["short-doi", "quote-in-doi", "bad-address", "link-alone", "six-points", "long-point"],
)
def test_the_admin_says_what_is_wrong_and_keeps_what_was_typed(
    client, editor, make_post, field, value, message
):
    draft = make_post(status=Post.Status.DRAFT, published_at=None)
    client.force_login(editor)
    response = client.post(
        f"/admin/blog/post/{draft.pk}/change/",
        change_data(draft, status="draft", **{field: value}),
    )
    assert response.status_code == 200  # the form again, never a 500
    html = response.content.decode()
    assert escape(message) in html
    assert escape(value.splitlines()[-1]) in html
    draft.refresh_from_db()
    assert getattr(draft, field) == ""


# --- What readers see -----------------------------------------------------------


@pytest.fixture
def evidence_post(make_post) -> Post:
    return make_post(
        title="Repair",
        body=TWO_NOTES + "\n" + LONG_BODY,
        key_points="Small moments count.\nRepair beats rupture.",
        references=f"{DOI_REFERENCE}\n{URL_REFERENCE}\nA talk without a link (2019).",
    )


def test_the_page_shows_key_points_contents_notes_and_references(client, evidence_post):
    html = article_of(client.get(evidence_post.get_absolute_url()).content.decode())
    key_points = html.index("Key points")
    assert key_points < html.index("Contents") < html.index('class="post__body')
    assert "<li>Small moments count.</li><li>Repair beats rupture.</li>" in html
    for name in ("one", "two", "three", "four"):
        assert f'<a href="#h-part-{name}">Part {name}</a>' in html
        assert f'<h2 id="h-part-{name}">Part {name}</h2>' in html
    assert html.index('<li id="fn-2">') < html.index("References")
    doi_link = "https://doi.org/10.5555/demo.trust.2021"
    assert f'<a href="{doi_link}" rel="nofollow noopener">{doi_link}</a>' in html
    assert '<a href="https://example.org/finding" rel="nofollow noopener">' in html
    assert "<li>A talk without a link (2019).</li>" in html


def test_a_post_with_few_headings_has_no_contents(client, make_post, settings):
    settings.BLOG_CONTENTS_MIN_HEADINGS = 5
    post = make_post(body=LONG_BODY)
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'aria-labelledby="contents-heading"' not in html
    settings.BLOG_CONTENTS_MIN_HEADINGS = 4
    assert [heading.id for heading in post.contents] == [
        "h-part-one", "h-part-two", "h-part-three", "h-part-four",
    ]  # fmt: skip


def test_citations_show_as_typed_and_their_links_as_allowed(make_post):
    AllowedDomain.objects.create(domain="doi.org")
    post = make_post(
        references="Smith <b>bold</b> & *not italic* [x](javascript:alert(1)). doi:10.1037/a1"
    )
    assert "Smith &lt;b&gt;bold&lt;/b&gt; &amp; *not italic* [x](javascript:alert(1))." in (
        post.references_html
    )
    assert '<a href="https://doi.org/10.1037/a1" rel="noopener">' in post.references_html
    assert "<b>" not in post.references_html and 'href="javascript' not in post.references_html


def test_reference_links_are_in_the_link_register_once_published(make_post):
    post = make_post(status=Post.Status.DRAFT, published_at=None, references=DOI_REFERENCE)
    recorded = OutboundLink.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id=post.pk
    )
    assert not recorded.exists()
    post.status = Post.Status.PUBLISHED
    post.save()
    assert list(recorded.values_list("field", "url")) == [
        ("references", "https://doi.org/10.5555/demo.trust.2021")
    ]
    post.references = URL_REFERENCE
    post.save()
    assert list(recorded.values_list("url", flat=True)) == ["https://example.org/finding"]


def test_a_reference_slipped_in_behind_the_sites_back_breaks_the_seal_and_is_named(make_post):
    post = make_post(key_points="One.", references=URL_REFERENCE)
    assert is_intact(post)
    Post.objects.filter(pk=post.pk).update(references="Smith. https://spam.example/")
    tampered = Post.objects.get(pk=post.pk)
    assert not is_intact(tampered)
    assert links_the_register_never_saw(tampered) == ["https://spam.example/"]


def test_editing_key_points_shows_on_the_cached_page(client, settings, evidence_post):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    url = evidence_post.get_absolute_url()
    assert "Small moments count." in client.get(url).content.decode()
    evidence_post.key_points = "A new first point."
    evidence_post.references = URL_REFERENCE
    evidence_post.save()
    html = client.get(url).content.decode()
    assert "A new first point." in html and "Small moments count." not in html
    assert "doi.org" not in html
    posting = next(data for data in json_ld(html) if data["@type"] == "BlogPosting")
    assert posting["abstract"] == "A new first point."
    assert [work["url"] for work in posting["citation"]] == ["https://example.org/finding"]


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    found = [json.loads(block) for block in blocks]
    return [item for data in found for item in (data if isinstance(data, list) else [data])]


def test_the_preview_shows_what_the_published_page_shows(client, editor, make_post):
    draft = make_post(
        status=Post.Status.DRAFT,
        published_at=None,
        body=TWO_NOTES + "\n" + LONG_BODY,
        key_points="Small moments count.",
        references=DOI_REFERENCE,
    )
    client.force_login(editor)
    preview = article_of(client.get(draft.get_absolute_url()).content.decode())
    draft.status = Post.Status.PUBLISHED
    draft.save()
    client.logout()
    published = article_of(client.get(draft.get_absolute_url()).content.decode())
    # The date line is the one difference: a draft has no publication date yet.
    strip_meta = re.compile(r'<p class="post__meta">.*?</p>', re.S)
    assert strip_meta.sub("", preview) == strip_meta.sub("", published)


def test_an_authors_changes_to_a_live_posts_references_wait_for_review(evidence_post):
    revision = PendingRevision.objects.create(
        post=evidence_post, data={"key_points": "Pending point.", "references": URL_REFERENCE}
    )
    shown = revision.as_post()
    assert shown.key_point_list == ["Pending point."]
    assert "https://example.org/finding" in shown.references_html
    assert "doi.org" not in shown.references_html
    evidence_post.refresh_from_db()
    assert "doi.org" in evidence_post.references_html  # readers still see the live ones


# --- Structured data ------------------------------------------------------------


def test_structured_data_carries_key_points_citations_and_the_clinical_review(
    evidence_post, other_author
):
    evidence_post.reviewed_by = other_author
    evidence_post.reviewed_on = timezone.localdate() - timedelta(days=3)
    evidence_post.save()
    request = RequestFactory().get("/")
    data = structured_data.blog_posting(evidence_post, request)
    assert data["abstract"] == "Small moments count.\nRepair beats rupture."
    assert data["citation"][0] == {
        "@type": "CreativeWork",
        "name": DOI_REFERENCE.rsplit(" ", 1)[0],
        "url": "https://doi.org/10.5555/demo.trust.2021",
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": "10.5555/demo.trust.2021",
        },
    }
    assert data["citation"][1]["url"] == "https://example.org/finding"
    assert data["citation"][2] == {"@type": "CreativeWork", "name": "A talk without a link (2019)."}
    page = data["mainEntityOfPage"]
    assert page["lastReviewed"] == evidence_post.reviewed_on.isoformat()
    assert page["reviewedBy"]["name"] == other_author.name


def test_a_post_without_key_points_or_references_claims_none(make_post):
    data = structured_data.blog_posting(make_post(), RequestFactory().get("/"))
    assert "abstract" not in data and "citation" not in data


# --- Seals stored before the fields existed ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_posts_sealed_before_the_new_fields_stay_intact_after_the_migration(make_post):
    sealed_before = import_module("blog.migrations.0026_post_key_points_and_references")
    post, tampered = make_post(), make_post()
    try:
        call_command("migrate", "blog", "0025", verbosity=0)
        for row in (post, tampered):  # as the code before the migration sealed them
            row.SEALED_FIELDS = sealed_before.SEALED_BEFORE
            row.content_seal = content_hash(row)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE blog_post SET content_seal = %s WHERE id = %s",
                    [row.content_seal, row.pk],
                )
        with connection.cursor() as cursor:  # changed behind the application's back
            cursor.execute("UPDATE blog_post SET title = 'Spam' WHERE id = %s", [tampered.pk])
    finally:
        call_command("migrate", verbosity=0)
    assert is_intact(Post.objects.get(pk=post.pk))
    assert not is_intact(Post.objects.get(pk=tampered.pk))
