"""manage.py audit_content finds what was changed behind the site's back, stored or served."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from authors.models import Author
from blog.audit import explained_urls
from blog.models import AllowedDomain, OutboundLink, Post
from comments.models import Comment
from core.integrity import content_hash, is_intact

from .cloaking_urls import SCRIPT_URL, SPAM_URL


def audit(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit_content", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def clean_site(make_post, author):
    AllowedDomain.objects.create(domain="example.com")  # the author's booking site
    return make_post(
        title="Rebuilding trust",
        slug="rebuilding-trust",
        body="Trust is [rebuilt](https://example.com/guide) slowly.",
    )


def test_a_clean_site_passes(clean_site):
    code, output = audit()
    assert code == 0, output
    assert "Nothing found" in output


def test_a_spam_link_written_straight_into_the_database_is_caught(clean_site):
    Post.objects.filter(pk=clean_site.pk).update(
        body_html=clean_site.body_html + '<p><a href="https://spam.example/">hot singles</a></p>'
    )
    code, output = audit()
    assert code == 1
    assert "[tampered] post “Rebuilding trust”" in output
    assert "changed behind its back" in output


def test_a_raw_sql_update_is_caught(clean_site):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE blog_post SET body = body || %s WHERE id = %s",
            [" [casino](https://spam.example/)", clean_site.pk],
        )
    code, output = audit()
    assert code == 1 and "[tampered] post “Rebuilding trust”" in output


def test_a_profile_changed_in_the_database_is_caught(clean_site, author):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE authors_author SET headline = %s WHERE id = %s",
            ["Visit spam.example", author.pk],
        )
    code, output = audit()
    assert code == 1 and "[tampered] author “Alice Rivera”" in output


@pytest.mark.parametrize("field", ["in_person_location", "fees", "payment_options"])
def test_a_directory_fact_changed_in_the_database_is_caught(clean_site, author, field):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE authors_author SET {field} = %s WHERE id = %s",  # noqa: S608 (a field name)
            ["Cheap pills at spam.example", author.pk],
        )
    code, output = audit()
    assert code == 1 and "[tampered] author “Alice Rivera”" in output


@pytest.mark.parametrize(
    "verified, change",
    [
        (True, "abbreviation = 'PhD'"),  # a degree she does not hold
        (True, "title = 'Cheap pills at spam.example'"),
        (False, "verified = TRUE, verified_at = CURRENT_TIMESTAMP"),  # vouched for by no editor
    ],
)
def test_a_credential_changed_in_the_database_is_caught(
    clean_site, make_credential, editor, verified, change
):
    credential = make_credential(abbreviation="MA", verified_by=editor if verified else None)
    assert is_intact(credential)
    assert audit()[0] == 0
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE authors_credential SET {change} WHERE id = %s", [credential.pk])  # noqa: S608
    code, output = audit()
    assert code == 1 and "[tampered] credential “" in output


SEALED_MODELS = [
    model for model in apps.get_models() if hasattr(model, "SEALED_FIELDS")
]  # fmt: skip


@pytest.mark.parametrize("model", SEALED_MODELS, ids=lambda model: model._meta.label)
def test_every_field_a_sealed_model_shows_readers_is_under_its_seal(model):
    """What is screened because it reaches a page is what an attacker would change."""
    shown = set(getattr(model, "SCREENED_FIELDS", {}))
    assert shown - set(model.SEALED_FIELDS) == set()


@pytest.mark.django_db(transaction=True)
def test_profiles_sealed_before_the_directory_facts_stay_intact_after_the_migration(
    author, other_author
):
    sealed_before = import_module("authors.migrations.0012_seal_directory_facts")
    try:
        call_command("migrate", "authors", "0011", verbosity=0)
        for row in (author, other_author):  # as the code before the migration sealed them
            row.SEALED_FIELDS = sealed_before.SEALED_BEFORE
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE authors_author SET content_seal = %s WHERE id = %s",
                    [content_hash(row), row.pk],
                )
        with connection.cursor() as cursor:  # changed behind the application's back
            cursor.execute(
                "UPDATE authors_author SET headline = 'Spam' WHERE id = %s", [other_author.pk]
            )
    finally:
        call_command("migrate", verbosity=0)
    assert is_intact(Author.objects.get(pk=author.pk))
    assert not is_intact(Author.objects.get(pk=other_author.pk))


def test_a_row_inserted_without_the_site_is_caught(clean_site, author):
    Post.objects.bulk_create(
        [Post(title="Injected", slug="injected", author=author, body="x", body_html="<p>x</p>")]
    )
    code, output = audit()
    assert code == 1 and "“Injected”" in output and "never saved through the site" in output


def test_saving_through_the_site_seals_again(clean_site):
    Post.objects.filter(pk=clean_site.pk).update(title="Edited by SQL")
    assert audit()[0] == 1
    post = Post.objects.get(pk=clean_site.pk)
    post.save()  # what the admin does when an editor saves the post
    assert audit()[0] == 0


def test_unreviewed_outbound_links_are_listed_until_reviewed(clean_site, editor):
    clean_site.body += "\n\n[cheap pills](https://pills.example/buy)"
    clean_site.save()
    code, output = audit()
    assert code == 1
    assert "[unreviewed link] post “Rebuilding trust” (body): https://pills.example/buy" in output
    assert "“cheap pills”" in output
    OutboundLink.objects.update(reviewed=True)
    assert audit()[0] == 0


def test_seals_made_with_a_rotated_key_still_match(author, settings):
    settings.SECRET_KEY = "the-old-key-" * 5
    post = Post.objects.create(title="t", slug="t", author=author, body="b")
    settings.SECRET_KEY = "the-new-key-" * 5
    assert not is_intact(Post.objects.get(pk=post.pk))
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" * 5]
    assert is_intact(Post.objects.get(pk=post.pk))


def test_approved_comments_and_author_links_explain_their_links(clean_site):
    Comment.objects.create(
        post=clean_site,
        name="Reader",
        email="reader@example.org",
        url="https://commenter.example/",
        body="See https://ref.example/ for more.",
        status="approved",
    )
    Comment.objects.create(
        post=clean_site,
        name="Spammer",
        email="spam@example.org",
        url="https://held.example/",
        body="Held: https://held-body.example/",
        status="pending",
    )
    urls = explained_urls(clean_site)
    assert {
        "https://example.com/guide",
        "https://example.com/book/alice",
        "https://commenter.example/",
        "https://ref.example/",
    } <= urls
    assert not {"https://held.example/", "https://held-body.example/"} & urls


# --- Against the running site ---------------------------------------------------


@pytest.fixture
def live_clean_site(live_server, clean_site):
    return live_server.url


def test_live_audit_of_an_honest_site_finds_nothing(live_clean_site):
    code, output = audit("--live", live_clean_site)
    assert code == 0, output


def test_live_audit_catches_a_link_shown_only_to_crawlers(live_clean_site, settings):
    # The cloaking here is inside the app, behind the page cache: on a slow
    # machine the first fetch could be stored and served to the second visitor.
    settings.PAGE_CACHE_ENABLED = False
    with override_settings(ROOT_URLCONF="tests.cloaking_urls"):
        code, output = audit("--live", live_clean_site)
    assert code == 1
    assert f"[served but not stored] {live_clean_site}/blog/rebuilding-trust/" in output
    assert f"link {SPAM_URL} “cheap pills” (shown only to Googlebot)" in output
    assert f"script from another site: {SCRIPT_URL} (shown only to Googlebot)" in output
    assert "inline script we did not write: 'steal()' (shown only to Googlebot)" in output


def test_live_audit_reports_a_site_it_cannot_reach(clean_site):
    code, output = audit("--live", "http://127.0.0.1:9")  # nothing listens on the discard port
    assert code == 1
    assert "[unreachable] http://127.0.0.1:9/blog/rebuilding-trust/: as a browser" in output


def test_audit_query_count_does_not_grow_with_rows(
    clean_site, author, django_assert_max_num_queries
):
    """No query per post, profile or link (the N+1 prevented: one per row's source)."""
    for number in range(5):
        Author.objects.create(name=f"Guest {number}", slug=f"guest-{number}")
    # Posts, authors, links and their sources, whatever the number of rows.
    with django_assert_max_num_queries(8):
        audit()


def test_a_tampered_post_names_the_link_it_gained(clean_site):
    Post.objects.filter(pk=clean_site.pk).update(
        body=clean_site.body + "\n\nSee [this](https://injected.example/pills)."
    )
    code, output = audit()
    assert code == 1
    (line,) = [line for line in output.splitlines() if "Rebuilding trust" in line]
    assert "links the register never saw: https://injected.example/pills" in line
    # The link the site did record is not named as new.
    assert "https://example.com/guide" not in line


def test_a_tampered_post_names_a_link_slipped_in_as_a_protocol_relative_url(clean_site):
    Post.objects.filter(pk=clean_site.pk).update(
        body_html=clean_site.body_html + '<p><a href="//injected.example/x">x</a></p>'
    )
    code, output = audit()
    assert code == 1 and "links the register never saw: //injected.example/x" in output


def test_a_tampered_profile_names_the_link_it_gained(clean_site, author):
    Author.objects.filter(pk=author.pk).update(
        bio="Trained in Portland. [Book cheap](https://injected.example/bio)",
        website="https://injected.example/site",
    )
    code, output = audit()
    assert code == 1
    (line,) = [line for line in output.splitlines() if "Alice Rivera" in line]
    assert "https://injected.example/bio" in line and "https://injected.example/site" in line
    assert "https://example.com/book/alice" not in line  # recorded when she saved


@pytest.mark.parametrize(
    "href", ["//evil.example/x", "/\\evil.example/x", "https:\\\\evil.example/x"]
)
def test_the_live_audit_reads_served_links_as_a_browser_does(clean_site, href):
    from blog.audit import unexplained

    page = f'<html><body><a href="{href}">cheap pills</a></body></html>'
    problems = unexplained(clean_site, "https://site.example/p/", page, "", {"site.example"})
    assert problems == ["link https://evil.example/x “cheap pills”"]
