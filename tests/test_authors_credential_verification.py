"""
Self-declared credentials: readers and search engines see a credential only
once an editor has verified it; until then its author sees it in the admin
as awaiting verification.
"""

import json
import re

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from authors.models import Credential
from blog import structured_data


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def json_ld_of(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def declared(author, make_credential, editor):
    """Alice: an MA the editors verified, a CGT she declared that nobody checked yet."""
    make_credential(abbreviation="MA", title="Master of Arts", position=1, verified_by=editor)
    make_credential(
        abbreviation="CGT", title="Certified Gottman Therapist", kind="certification", position=2
    )
    return author


def public_pages(post) -> list[str]:
    return ["/", post.get_absolute_url(), "/authors/", "/authors/alice-rivera/"]


@pytest.mark.parametrize("page", range(4))
def test_an_unverified_credential_is_on_no_public_page(client, declared, post, page):
    url = public_pages(post)[page]
    html = client.get(url).content.decode()
    assert "MA" in text_of(html), url  # the verified one is there
    assert "CGT" not in html and "Gottman" not in html, url


def test_the_verified_mark_reads_all_credentials_when_only_verified_ones_are_shown(
    client, declared, post
):
    html = client.get(post.get_absolute_url()).content.decode()
    assert "By Alice Rivera, MA" in text_of(html)
    assert "✓ Credentials verified by the editors on" in text_of(html)


def test_a_review_note_names_only_verified_credentials(client, declared, make_post, editor):
    reviewed = make_post(
        slug="reviewed", reviewed_by=declared, reviewed_on=timezone.localdate(), title="Reviewed"
    )
    html = client.get(reviewed.get_absolute_url()).content.decode()
    assert "Reviewed by Alice Rivera, MA on" in text_of(html)
    assert "CGT" not in html


def test_structured_data_carries_no_unverified_credential(declared):
    person = structured_data.person(declared, RequestFactory().get("/"))
    assert person["honorificSuffix"] == "MA"
    assert [item["name"] for item in person["hasCredential"]] == ["Master of Arts"]
    assert "CGT" not in json.dumps(person) and "Gottman" not in json.dumps(person)


def test_profile_json_ld_has_no_unverified_credential(client, declared):
    html = client.get("/authors/alice-rivera/").content.decode()
    (profile,) = json_ld_of(html)
    assert "CGT" not in json.dumps(profile)


def test_an_author_with_only_unverified_credentials_shows_none(
    client, author, make_credential, post
):
    make_credential(abbreviation="LMFT", title="Licensed Marriage and Family Therapist")
    html = client.get("/authors/alice-rivera/").content.decode()
    assert "LMFT" not in html
    assert 'id="credentials"' not in html  # no empty "Credentials" section
    person = structured_data.person(author, RequestFactory().get("/"))
    assert "honorificSuffix" not in person and "hasCredential" not in person


def test_the_author_sees_her_credential_awaiting_verification_in_the_admin(
    client, author_user, declared
):
    client.force_login(author_user)
    credential = Credential.objects.get(abbreviation="CGT")
    listing = text_of(client.get("/admin/authors/credential/").content.decode())
    assert "Awaiting verification" in listing
    change = text_of(
        client.get(f"/admin/authors/credential/{credential.pk}/change/").content.decode()
    )
    assert "Awaiting verification" in change
    profile = text_of(client.get(f"/admin/authors/author/{declared.pk}/change/").content.decode())
    assert "Awaiting verification" in profile


def test_the_profile_list_in_the_admin_marks_what_awaits_verification(client, editor, declared):
    client.force_login(editor)
    listing = text_of(client.get("/admin/authors/author/").content.decode())
    assert "MA, CGT (awaiting verification)" in listing


def test_editors_filter_credentials_awaiting_verification(client, editor, declared):
    client.force_login(editor)
    html = client.get("/admin/authors/credential/", {"verified__exact": "0"}).content.decode()
    assert "Certified Gottman Therapist" in html and "Master of Arts" not in html


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0


def verify_in_the_admin(client, credential: Credential, verified: bool) -> None:
    data = {
        "author": credential.author_id,
        "abbreviation": credential.abbreviation,
        "title": credential.title,
        "kind": credential.kind,
        "issuer": credential.issuer,
        "jurisdiction": credential.jurisdiction,
        "licence_number": credential.licence_number,
        "expires_on": "",
        "position": credential.position,
    }
    if verified:
        data["verified"] = "on"
    response = client.post(f"/admin/authors/credential/{credential.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_cached_pages_show_a_credential_once_verified_and_drop_it_when_unverified(
    client, page_cache_on, declared, post, editor
):
    reader = Client()
    urls = public_pages(post)
    for url in urls:
        reader.get(url)
        second = reader.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert "CGT" not in second.content.decode(), url
    client.force_login(editor)
    credential = Credential.objects.get(abbreviation="CGT")
    verify_in_the_admin(client, credential, verified=True)
    for url in urls:
        assert "CGT" in reader.get(url).content.decode(), url
    credential.refresh_from_db()
    verify_in_the_admin(client, credential, verified=False)
    for url in urls:
        assert "CGT" not in reader.get(url).content.decode(), url


def test_demo_has_a_credential_awaiting_verification_absent_from_the_site(
    client, db, settings, tmp_path
):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=StringIO())
    waiting = Credential.objects.filter(verified=False, author__user__isnull=False).first()
    assert waiting is not None
    assert Credential.objects.filter(verified=True, author=waiting.author).exists()
    html = client.get(waiting.author.get_absolute_url()).content.decode()
    assert waiting.title not in html
    assert f", {waiting.abbreviation}" not in text_of(html)
    # She, logged in to the admin, sees it waiting.
    client.force_login(get_user_model().objects.get(pk=waiting.author.user_id))
    listing = text_of(client.get("/admin/authors/credential/").content.decode())
    assert waiting.title in listing and "Awaiting verification" in listing
