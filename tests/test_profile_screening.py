"""
Profiles pass the checks posts pass: the spam blocklist on every field that
reaches a page, and the outbound-link register for every link they show.
authors cannot import blog, so blog plugs its blocklist into core.screening.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.html import escape

from authors.models import Author, BookingClick, Credential
from blog.models import BlockedPhrase, OutboundLink

from .test_authors_admin_permissions import profile_form


@pytest.fixture(autouse=True)
def blocklist(db):
    for phrase in ("casino", "viagra", "hot singles"):
        BlockedPhrase.objects.get_or_create(phrase=phrase)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Alice V1agra"),
        ("headline", "Couples therapist and ᴄᴀsɪɴᴏ host"),
        ("short_bio", "Trained at [the institute](https://online-casino.example/)."),
        ("bio", "I also run [hot singles](https://dating.example/) nights."),
        ("bio", "Ask me about v.i.a.g.r.a."),
        ("booking_url", "https://casino-bookings.example/alice"),
        ("website", "https://viagra.example/"),
        ("social_links", "https://mastodon.example/@alice\nhttps://c-a-s-i-n-o.example/"),
    ],
)
def test_author_cannot_save_a_blocklisted_phrase_or_link_in_her_profile(
    client, author_user, author, field, value
):
    client.force_login(author_user)
    response = client.post(
        f"/admin/authors/author/{author.pk}/change/", profile_form(author, **{field: value})
    )
    assert response.status_code == 200  # the form again, not a save
    html = response.content.decode()
    assert "spam blocklist" in html
    assert escape(value).split("\n")[0] in html  # what she typed is kept
    author.refresh_from_db()
    assert getattr(author, field) != value


def test_a_clean_profile_saves(client, author_user, author):
    client.force_login(author_user)
    data = profile_form(author, headline="Therapist in Essex and Middlesex")
    assert client.post(f"/admin/authors/author/{author.pk}/change/", data).status_code == 302


def test_a_credential_with_a_blocklisted_title_is_refused(author):
    credential = Credential(author=author, abbreviation="MA", title="Master of Casino Arts")
    with pytest.raises(ValidationError) as error:
        credential.full_clean()
    assert "spam blocklist" in str(error.value.message_dict["title"])


def test_booking_on_a_domain_blocklisted_after_it_was_saved_never_redirects(client, author):
    # A reader's browser: clicks without a user agent are not counted.
    client.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
    Author.objects.filter(pk=author.pk).update(booking_url="https://best-slots.example/book")
    assert client.get("/authors/alice-rivera/book/").status_code == 302
    BlockedPhrase.objects.create(phrase="slots")
    assert client.get("/authors/alice-rivera/book/").status_code == 404
    assert client.head("/authors/alice-rivera/book/").status_code == 404
    assert BookingClick.objects.filter(author=author).count() == 1  # only the first


def test_every_profile_link_is_in_the_register(author):
    author.website = "https://alice.example/"
    author.social_links = "https://mastodon.example/@alice\n//evil.example/x"
    author.save()
    links = OutboundLink.objects.filter(
        content_type=ContentType.objects.get_for_model(Author), object_id=author.pk
    )
    assert sorted(links.values_list("field", "domain")) == [
        ("booking_url", "example.com"),
        ("social_links", "evil.example"),
        ("social_links", "mastodon.example"),
        ("website", "alice.example"),
    ]
