"""Every outbound link in published posts and author profiles is recorded and reviewable."""

import pytest
from django.contrib.contenttypes.models import ContentType

from authors.models import Author
from blog.links import record_links
from blog.models import AllowedDomain, OutboundLink, Post
from core.links import extract_links

SPAM = "Read more [hot singles](https://spam.example/x?a=1&b=2) and [our guide](/blog/guide/)."


def links_of(obj) -> list[OutboundLink]:
    return list(
        OutboundLink.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("url")
    )


def test_publishing_a_post_records_its_outbound_links_with_anchor_text(make_post):
    post = make_post(body=SPAM + "\n\n![chart](https://img.example/chart.png)")
    links = links_of(post)
    assert [(link.url, link.domain, link.anchor_text, link.field) for link in links] == [
        ("https://img.example/chart.png", "img.example", "[image] chart", "body"),
        ("https://spam.example/x?a=1&b=2", "spam.example", "hot singles", "body"),
    ]
    assert links[0].source == post and not links[0].reviewed
    assert links[0].get_absolute_url() == post.get_absolute_url()


def test_drafts_record_nothing_until_published(make_post):
    post = make_post(body=SPAM, status=Post.Status.DRAFT, published_at=None)
    assert links_of(post) == []
    post.status = Post.Status.PUBLISHED
    post.save()
    assert [link.domain for link in links_of(post)] == ["spam.example"]


def test_removed_links_are_forgotten_and_changed_anchor_text_needs_a_new_review(make_post, editor):
    post = make_post(body=SPAM + " [Safe](https://safe.example/)")
    OutboundLink.objects.update(reviewed=True, reviewed_by=editor)
    post.body = "[Now adult words](https://spam.example/x?a=1&b=2)"
    post.save()
    (link,) = links_of(post)
    assert link.anchor_text == "Now adult words"
    assert not link.reviewed and link.reviewed_by is None


def test_links_to_allowed_domains_keep_standing_and_others_get_nofollow(make_post):
    AllowedDomain.objects.create(domain="apa.org")
    post = make_post(
        body="[APA](https://www.apa.org/topics) [sub](https://monitor.apa.org/) "
        "[evil](https://apa.org.evil.example/)"
    )
    assert '<a href="https://www.apa.org/topics" rel="noopener">' in post.body_html
    assert '<a href="https://monitor.apa.org/" rel="noopener">' in post.body_html
    assert '<a href="https://apa.org.evil.example/" rel="nofollow noopener">' in post.body_html
    assert [link.url for link in OutboundLink.objects.to_review().filter(field="body")] == [
        "https://apa.org.evil.example/"
    ]


def test_allowing_a_domain_later_rerenders_the_posts_that_link_there(make_post):
    post = make_post(body="[APA](https://www.apa.org/topics)")
    assert 'rel="nofollow noopener"' in post.body_html
    AllowedDomain.objects.create(domain="apa.org")
    post.refresh_from_db()
    assert 'rel="noopener"' in post.body_html and "nofollow" not in post.body_html


def test_author_profile_links_are_recorded_from_bio_and_booking_url(author):
    author.short_bio = "Trained at [the institute](https://institute.example/)."
    author.save()
    assert [(link.field, link.url, link.anchor_text) for link in links_of(author)] == [
        ("booking_url", "https://example.com/book/alice", "Book with her here"),
        ("short_bio", "https://institute.example/", "the institute"),
    ]


def test_deleting_a_post_forgets_its_links(make_post):
    post = make_post(body=SPAM)
    pk = post.pk
    post.delete()
    assert not OutboundLink.objects.filter(object_id=pk, field="body").exists()


def test_record_links_works_for_any_model_such_as_comments(make_post, author):
    # The comments app calls this for approved comments; any model with a pk works.
    links = record_links(author, "note", '<p><a href="https://x.example/">x</a></p>')
    assert [link.source for link in links] == [author]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="https://a.example/">A <em>b</em></a>', [("https://a.example/", "A b")]),
        ('<a href="https://a.example/?x=1&amp;y=2">q</a>', [("https://a.example/?x=1&y=2", "q")]),
        ('<a href="https://a.example/">unclosed', [("https://a.example/", "unclosed")]),
        ('<a href="https://a.example/"><img src="https://i.example/p.png" alt="pic"></a>',
         [("https://i.example/p.png", "[image] pic"), ("https://a.example/", "pic")]),
        ("<p>no links</p>", []),
    ],
)  # fmt: skip
def test_extract_links_reads_href_and_anchor_text(html, expected):
    assert [(link.url, link.text) for link in extract_links(html)] == expected


def test_allowed_domain_keeps_only_the_host_of_a_pasted_url(db):
    domain = AllowedDomain(domain="https://WWW.Example.org/some/page")
    domain.full_clean()
    assert domain.domain == "example.org"


def test_review_list_shows_unreviewed_links_to_non_allowed_domains(client, editor, make_post):
    AllowedDomain.objects.create(domain="apa.org")
    make_post(body="[APA](https://apa.org/) [spam](https://spam.example/)")
    client.force_login(editor)
    page = client.get("/admin/blog/linktoreview/").content.decode()
    assert "https://spam.example/" in page and "https://apa.org/" not in page
    assert "Outbound links to review" in client.get("/admin/").content.decode()


def test_editor_marks_links_reviewed_and_they_leave_the_list(client, editor, make_post):
    make_post(body="[spam](https://spam.example/)")
    link = OutboundLink.objects.get(field="body")
    client.force_login(editor)
    response = client.post(
        "/admin/blog/linktoreview/",
        {"action": "mark_reviewed", "_selected_action": [link.pk]},
        follow=True,
    )
    assert "Marked 1 link(s) reviewed." in response.content.decode()
    link.refresh_from_db()
    assert link.reviewed and link.reviewed_by == editor and link.reviewed_at
    assert not OutboundLink.objects.to_review().filter(pk=link.pk).exists()


def test_authors_cannot_review_links_or_edit_allowed_domains(client, author_user):
    client.force_login(author_user)
    assert client.get("/admin/blog/linktoreview/").status_code == 403
    assert client.get("/admin/blog/alloweddomain/add/").status_code == 403


def test_editor_adds_an_allowed_domain(client, editor):
    client.force_login(editor)
    response = client.post("/admin/blog/alloweddomain/add/", {"domain": "https://apa.org/x"})
    assert response.status_code == 302
    assert AllowedDomain.objects.get().domain == "apa.org"


def test_guest_author_without_links_records_nothing(db):
    author = Author.objects.create(name="Guest", slug="guest")
    assert links_of(author) == []


def test_post_change_form_lists_its_links_waiting_for_review(client, editor, make_post):
    AllowedDomain.objects.create(domain="apa.org")
    post = make_post(body="[APA](https://apa.org/) [<b>pills</b>](https://spam.example/)")
    client.force_login(editor)
    page = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "waiting for an editor's review" in page
    assert "<code>https://spam.example/</code> “pills”" in page
    assert "<code>https://apa.org/</code>" not in page
    OutboundLink.objects.update(reviewed=True)
    page = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "waiting for an editor" not in page


# --- Links a browser follows off-site, however they are spelled ---------------------

# (Markdown as an author types it, the host a browser lands on.) Raw HTML is how
# a tab or newline survives into an href: Markdown link syntax has no room for one.
HOSTILE_LINKS = [
    ("[x](//evil.example/x)", "evil.example"),
    ("[x](/\\evil.example/x)", "evil.example"),
    ('<a href="https:\\\\evil.example/x">x</a>', "evil.example"),
    ('<a href="\\\\evil.example/x">x</a>', "evil.example"),
    ('<a href=" //evil.example/x">x</a>', "evil.example"),
    ('<a href="ht&#9;tps://evil.example/x">x</a>', "evil.example"),
    ('<a href="https:&#10;//evil.example/x">x</a>', "evil.example"),
    ('<a href="//EVIL.example./x">x</a>', "evil.example"),
]


@pytest.mark.parametrize(("body", "host"), HOSTILE_LINKS)
def test_links_a_browser_follows_off_site_are_outbound_everywhere(
    client, editor, make_post, body, host
):
    post = make_post(body=f"Read {body} now.")
    # On the page: no standing passed to the other site.
    assert 'rel="nofollow noopener"' in post.body_html
    # In the register, under the host the browser reaches ...
    (link,) = links_of(post)
    assert link.domain == host
    # ... and on the editors' review list.
    assert OutboundLink.objects.to_review().get(field="body") == link
    client.force_login(editor)
    assert f'value="{link.pk}"' in client.get("/admin/blog/linktoreview/").content.decode()


@pytest.mark.parametrize(
    "href", ["/blog/guide/", "guide/", "#top", "?page=2", "https:relative/path", "mailto:a@b.c"]
)
def test_links_that_stay_on_the_site_are_not_outbound(make_post, href):
    post = make_post(body=f'<a href="{href}">x</a>')
    assert "nofollow" not in post.body_html and links_of(post) == []
