"""Titles, descriptions, canonical links, Open Graph, Twitter cards and JSON-LD."""

import json
from html.parser import HTMLParser

import pytest
from django.test import RequestFactory

from authors.models import Credential
from blog import structured_data
from blog.models import Post


class Head(HTMLParser):
    """What a link-preview bot reads: title, meta and link tags, JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[dict] = []
        self._in: str | None = None
        self._script_attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
            self.titles.append("")
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.setdefault(attrs.get("rel", ""), []).append(attrs.get("href", ""))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json"
            self._script_attrs = attrs
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.titles[-1] += data
        elif self._in == "json":
            self.json_ld[-1] += data


def head_of(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    head = Head()
    head.feed(response.content.decode())
    head.json_ld = [json.loads(block) for block in head.json_ld]
    return head


def one(head: Head, key: str) -> str:
    values = head.meta.get(key, [])
    assert len(values) == 1, (key, values)
    assert values[0].strip(), key
    return values[0]


@pytest.fixture
def pages(post, other_author, make_post):
    make_post(title="Second post", author=other_author)
    return [
        "/",
        post.get_absolute_url(),
        "/blog/category/trust/",
        "/blog/tag/conflict/",
        "/authors/",
        "/authors/alice-rivera/",
        "/authors/ben-cole/",
        "/search/",
        "/search/?q=trust",
    ]


def test_every_page_has_the_preview_tags(client, pages):
    for url in pages:
        head = head_of(client, url)
        assert len(head.titles) == 1, url
        title = head.titles[0]
        assert one(head, "og:title") == title
        assert one(head, "twitter:title") == title
        description = one(head, "description")
        assert one(head, "og:description") == description
        canonical = head.links["canonical"]
        assert len(canonical) == 1 and canonical[0].startswith("http://testserver/"), url
        assert one(head, "og:url") == canonical[0]
        assert one(head, "og:type") in {"website", "article", "profile"}
        assert one(head, "og:image").startswith("http://testserver/static/")
        assert one(head, "twitter:card") == "summary_large_image"


def test_titles_and_descriptions_are_unique_across_pages(client, pages):
    heads = [head_of(client, url) for url in pages]
    titles = [head.titles[0] for head in heads]
    assert len(set(titles)) == len(titles), titles
    descriptions = [head.meta["description"][0] for head in heads]
    # The two search pages may share the general description only if they differ in title.
    assert len(set(descriptions)) == len(descriptions), descriptions


def test_canonical_url_keeps_the_page_and_drops_tracking(client, make_post):
    for _ in range(12):
        make_post()
    head = head_of(client, "/?page=2&utm_source=x")
    assert head.links["canonical"] == ["http://testserver/?page=2"]
    assert head_of(client, "/?page=1").links["canonical"] == ["http://testserver/"]


def test_post_page_is_an_article_with_date_and_author(client, post):
    head = head_of(client, post.get_absolute_url())
    assert one(head, "og:type") == "article"
    assert one(head, "article:published_time") == post.published_at.isoformat()
    assert one(head, "article:author") == "http://testserver/authors/alice-rivera/"
    assert one(head, "og:image") == "http://testserver/static/img/og-default.png"


def test_post_with_a_featured_image_previews_with_it(client, post, jpeg_upload):
    post.featured_image = jpeg_upload
    post.featured_image_alt = "A photo"
    post.save()
    head = head_of(client, post.get_absolute_url())
    image = one(head, "og:image")
    assert image.startswith("http://testserver/media/posts/")
    assert head.json_ld[0]["image"] == [image]


def test_editors_override_the_seo_title_and_description(client, post):
    post.seo_title = "How to rebuild trust after a betrayal"
    post.seo_description = "Seven steps couples therapists use."
    post.save()
    head = head_of(client, post.get_absolute_url())
    assert head.titles == ["How to rebuild trust after a betrayal"]
    assert one(head, "og:title") == "How to rebuild trust after a betrayal"
    assert one(head, "description") == "Seven steps couples therapists use."
    assert head.json_ld[0]["description"] == "Seven steps couples therapists use."


def test_admin_shows_the_recommended_lengths(client, editor, post):
    assert "60 characters" in Post._meta.get_field("seo_title").help_text
    assert "160 characters" in Post._meta.get_field("seo_description").help_text
    client.force_login(editor)
    html = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert 'name="seo_title"' in html and "50–60 characters" in html


def test_post_json_ld_is_a_blog_posting_field_by_field(client, post):
    head = head_of(client, post.get_absolute_url())
    posting, crumbs = head.json_ld
    url = "http://testserver/blog/rebuilding-trust/"
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Rebuilding trust"
    assert posting["description"] == post.summary
    assert posting["datePublished"] == post.published_at.isoformat()
    assert posting["dateModified"] == post.updated_at.isoformat()
    assert posting["image"] == ["http://testserver/static/img/og-default.png"]
    assert posting["url"] == url
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert posting["author"] == {
        "@type": "Person",
        "name": "Alice Rivera",
        "url": "http://testserver/authors/alice-rivera/",
        "jobTitle": "Couples therapist in Portland",
    }  # no sameAs: the booking URL is never published except through the click counter
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Common Ground", "http://testserver/"),
        (2, "Trust", "http://testserver/blog/category/trust/"),
        (3, "Rebuilding trust", url),
    ]


def test_json_ld_needs_no_nonce_so_the_page_stays_cacheable(client, post):
    """A data block is never run, so the CSP does not apply; a nonce would make the page unique."""
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert "nonce=" not in html


def test_hostile_text_cannot_break_out_of_json_ld(client, post):
    post.title = '</script><script>alert("x")</script> & more'
    post.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "</script><script>alert" not in html
    head = head_of(client, post.get_absolute_url())
    assert head.json_ld[0]["headline"] == post.title


def test_drafts_in_preview_have_no_structured_data(client, editor, make_post):
    draft = make_post(status=Post.Status.DRAFT)
    client.force_login(editor)
    head = head_of(client, draft.get_absolute_url())
    assert head.json_ld == []
    assert one(head, "robots") == "noindex"


def test_author_page_is_a_profile_page_with_the_person(client, author):
    head = head_of(client, "/authors/alice-rivera/")
    (profile,) = head.json_ld
    assert profile["@type"] == "ProfilePage"
    assert profile["url"] == "http://testserver/authors/alice-rivera/"
    assert profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == "Alice Rivera"
    assert one(head, "og:type") == "profile"


def add_credential(author, editor, abbreviation, title, kind="degree", verified=True, **extra):
    credential = Credential(
        author=author, abbreviation=abbreviation, title=title, kind=kind, **extra
    )
    if verified:
        credential.mark_verified(editor)
    credential.save()
    return credential


def test_person_carries_only_editor_verified_credentials(author, editor):
    add_credential(author, editor, "MA", "Master of Arts")
    add_credential(author, editor, "LMFT", "Licensed Marriage and Family Therapist", kind="licence")
    add_credential(author, editor, "CGT", "Certified Gottman Therapist", verified=False)
    person = structured_data.person(author, RequestFactory().get("/"))
    assert person["url"] == "http://testserver/authors/alice-rivera/"
    # The unverified CGT is not public at all.
    assert person["honorificSuffix"] == "MA, LMFT"
    assert person["hasCredential"] == [
        {
            "@type": "EducationalOccupationalCredential",
            "name": "Master of Arts",
            "credentialCategory": "Degree",
        },
        {
            "@type": "EducationalOccupationalCredential",
            "name": "Licensed Marriage and Family Therapist",
            "credentialCategory": "Licence",
        },
    ]


def test_an_expired_credential_is_not_claimed_as_verified(author, editor):
    from datetime import date

    add_credential(author, editor, "LPC", "Counselor", kind="licence", expires_on=date(2000, 1, 1))
    person = structured_data.person(author, RequestFactory().get("/"))
    assert person["honorificSuffix"] == "LPC"
    assert "hasCredential" not in person


def test_person_without_credentials_has_no_credential_fields(other_author):
    person = structured_data.person(other_author, RequestFactory().get("/"))
    assert "honorificSuffix" not in person and "hasCredential" not in person
