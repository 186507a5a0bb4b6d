"""
``manage.py import_wordpress`` on tests/fixtures/wordpress/export.xml: what
comes in, as what, what is held back, and where its old links lead. The
export is imported once for the module (each test runs in a savepoint
inside that import); runs with other options, twice or dry are in
test_import_wordpress_runs.py.
"""

from datetime import UTC, datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from authors.models import Author
from blog.models import Category, ImportedObject, ImportRun, OutboundLink, Post, Tag
from comments.models import Comment
from core.client_address import hash_ip
from core.models import Redirect

from .wordpress_exports import EXPORT, make_uploads, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The export imported once, in a transaction rolled back after the module."""
    folder = tmp_path_factory.mktemp("wordpress")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield run_import(EXPORT, "--uploads", make_uploads(folder))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def imported(imported_once, db):
    return imported_once


def post(wp_id: int) -> Post:
    pk = ImportedObject.objects.get(kind="post", wp_id=wp_id).object_id
    return Post.objects.get(pk=pk)


def comment(wp_id: int) -> Comment:
    pk = ImportedObject.objects.get(kind="comment", wp_id=wp_id).object_id
    return Comment.objects.get(pk=pk)


# --- Statuses -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wp_id", "status", "public"),
    [
        (101, Post.Status.PUBLISHED, True),  # publish
        (102, Post.Status.PUBLISHED, True),  # publish (block editor)
        (104, Post.Status.DRAFT, False),  # draft
        (105, Post.Status.DRAFT, False),  # pending
        (106, Post.Status.DRAFT, False),  # private
        (107, Post.Status.PUBLISHED, False),  # future: scheduled
        (108, Post.Status.DRAFT, False),  # password-protected
    ],
)
def test_each_wordpress_status_becomes_ours(imported, wp_id, status, public):
    found = post(wp_id)
    assert found.status == status
    assert found.is_public is public


def test_trashed_posts_pages_and_menus_are_reported_not_imported(imported):
    assert not Post.objects.filter(title__in=["Thrown Away", "About Us", "Home"]).exists()
    assert "posts: not imported (trash): 1" in imported
    assert "pages: reported, not imported as posts: 1" in imported
    assert "skipped: nav_menu_item: 1" in imported


def test_scheduled_post_keeps_its_date_to_come(imported):
    assert post(107).is_scheduled
    assert post(107).published_at == datetime(2099, 12, 1, 9, 0, tzinfo=UTC)


def test_published_date_is_the_gmt_date(imported):
    assert post(101).published_at == datetime(2019, 5, 1, 8, 0, tzinfo=UTC)


def test_password_private_and_sticky_are_noted(imported):
    assert "“Members Only” (WordPress 108): was password-protected" in imported
    assert "“Private Notes” (WordPress 106): was private" in imported
    assert "“Five Small Rituals” (WordPress 102): was sticky" in imported


# --- Authors, terms ----------------------------------------------------------------


def test_authors_come_in_without_a_login(imported):
    hailey = post(101).author
    assert (hailey.name, hailey.user) == ("Hailey Oliver", None)
    assert post(102).author.name == "Sam Reyes"  # no display name: first and last


def test_categories_are_flattened_with_their_path_in_the_description(imported):
    child = Category.objects.get(slug="couples-therapy")
    assert "Relationships › Couples Therapy" in child.description
    assert list(post(101).categories.all()) == [child]
    assert set(post(102).tags.values_list("slug", flat=True)) == {"trust", "rituals"}
    assert Tag.objects.filter(slug="communication").exists()


# --- Bodies -----------------------------------------------------------------------


def test_classic_body_becomes_markdown_with_its_caption_and_heading(imported):
    body = post(101).body
    assert body.startswith("Every couple argues. What matters is **how**.")
    assert "## When to get help" in body
    assert "*The speaker's chair and the listener's chair*" in body
    assert "<!-- wp:" not in post(102).body
    assert "- Ten minutes, no phones" in post(102).body


def test_unknown_shortcodes_stay_in_the_text_and_are_listed(imported):
    assert "[contact-form-7" in post(101).body
    assert "“How to Argue Less & Listen More” (WordPress 101): [contact-form-7]" in imported


def test_in_body_images_are_stored_through_the_gate_and_rewritten(imported):
    body_html = post(101).body_html
    assert "/media/markdown/wordpress/" in body_html
    assert "old.example/wp-content" not in body_html
    # [gallery ids="50"] shows the same stored file.
    assert "/media/markdown/wordpress/" in post(102).body


def test_images_not_found_are_left_as_links_and_listed(imported):
    assert "[A coffee cup](https://old.example/wp-content/uploads/2019/06/never-copied.jpg)" in (
        post(102).body
    )
    assert "never-copied.jpg (not found under --uploads)" in imported


def test_featured_image_comes_from_the_thumbnail_id(imported):
    found = post(101)
    assert found.featured_image.name.startswith("posts/")
    assert found.featured_image_alt == "A couple walking on a beach"
    assert found.featured_image_width == 120


# --- Bylines ---------------------------------------------------------------------


def test_byline_paragraph_becomes_unverified_credentials_and_a_booking_link(imported):
    hailey = Author.objects.get(name="Hailey Oliver")
    assert "By Hailey Oliver" not in post(101).body
    credentials = list(hailey.credentials.values_list("abbreviation", "verified"))
    assert credentials == [("MA", False), ("MHCI", False)]
    assert hailey.booking_url == "https://booking.example/hailey"
    assert hailey.booking_label == "Book with her here"


# --- Screening posts -------------------------------------------------------------------


def test_injected_spam_link_holds_an_approved_post_back_as_a_draft(imported):
    held = post(103)
    assert held.status == Post.Status.DRAFT
    assert not held.is_public
    assert "Posts held back as drafts: spam blocklist (1):" in imported
    assert "“Rebuilding Trust After an Affair” (WordPress 103): The link “سكس”" in imported
    assert "https://spam.example/watch" in imported


def test_held_post_is_in_the_import_run_report_for_editors(imported):
    run = ImportRun.objects.get()
    assert run.outcome == ImportRun.Outcome.FINISHED
    assert run.counts["posts: held back as drafts"] == 1
    [line] = run.report["Posts held back as drafts: spam blocklist"]
    assert "spam.example/watch" in line


def test_published_posts_links_go_into_the_link_register(imported):
    links = OutboundLink.objects.filter(object_id=post(101).pk, content_type__model="post")
    assert not links.filter(url__contains="spam.example").exists()
    assert not OutboundLink.objects.filter(url__contains="spam.example").exists()


# --- Comments -------------------------------------------------------------------------


def test_comment_threads_are_kept_whatever_their_order_in_the_file(imported):
    reply_to_reply = comment(1003)
    assert reply_to_reply.parent == comment(1002)
    assert reply_to_reply.parent.parent == comment(1001)
    assert reply_to_reply.depth == 2


def test_legitimate_approved_comments_stay_approved(imported):
    assert comment(1001).status == Comment.Status.APPROVED
    assert comment(1001).created_at == datetime(2019, 5, 2, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize("wp_id", [1004, 1005, 1006, 1007])
def test_spam_the_old_site_approved_is_never_visible(imported, wp_id):
    """Latin, Arabic, Cyrillic and Chinese spam, each approved on WordPress."""
    found = comment(wp_id)
    assert found.status != Comment.Status.APPROVED
    assert any(reason["layer"] == "blocklist" for reason in found.reasons)
    assert found.name in imported


def test_comments_waiting_on_wordpress_wait_here(imported):
    found = comment(1008)
    assert found.status == Comment.Status.PENDING
    assert {"layer": "wordpress", "detail": "awaiting moderation on WordPress"} in found.reasons


def test_spam_trash_and_pingbacks_stay_behind_and_are_counted(imported):
    assert not ImportedObject.objects.filter(kind="comment", wp_id__in=[1009, 1010, 1011])
    assert "comments: not imported (WordPress spam): 1" in imported
    assert "comments: not imported (WordPress trash): 1" in imported
    assert "comments: not imported (pingbacks): 1" in imported


def test_emails_are_stored_and_ips_only_hashed(imported):
    found = comment(1001)
    assert found.email == "maria@example.com"
    assert found.ip_hash == hash_ip("203.0.113.7")
    assert not Comment.objects.filter(ip_hash__contains="203.0.113").exists()


# --- Idempotency and dry runs -----------------------------------------------------------


# --- Redirects ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old",
    [
        "/2019/05/argue-less/",  # the permalink (link)
        "/?p=101",  # the short link
        "/2019/05/argue-less",  # without its slash
    ],
)
def test_old_links_answer_301_to_the_new_page(client, imported, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == post(101).get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_other_queries_on_the_home_page_are_not_redirected(client, imported):
    assert client.get("/?p=999999").status_code == 200
    assert Redirect.objects.filter(source="import").count() >= 6


def test_comments_keep_their_dates_not_the_import_time(imported):
    assert not Comment.objects.filter(created_at__gte=timezone.now() - timezone.timedelta(days=1))


# --- The admin's list of runs ---------------------------------------------------------------


def test_editors_read_the_import_runs_with_what_was_held_back(client, imported, editor):
    client.force_login(editor)
    run = ImportRun.objects.get()
    listing = client.get("/admin/blog/importrun/")
    assert listing.status_code == 200
    assert "export.xml" in listing.text
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    assert "Rebuilding Trust After an Affair" in page.text
    assert "spam.example/watch" in page.text
    assert 'name="_save"' not in page.text  # read-only
    assert client.get("/admin/blog/importrun/add/").status_code == 403
    assert client.post(f"/admin/blog/importrun/{run.pk}/delete/").status_code == 403


def test_authors_never_see_the_import_runs(client, imported, author_user):
    client.force_login(author_user)
    assert client.get("/admin/blog/importrun/").status_code == 403
    assert client.get(ImportRun.objects.get().get_absolute_url()).status_code == 403


def test_report_lines_are_escaped_in_the_admin(client, imported, editor):
    """A post title or spam link in the report is shown as text, never as markup."""
    run = ImportRun.objects.get()
    run.report = {"Posts held back": ["“<script>alert(1)</script>” <img src=x onerror=alert(1)>"]}
    run.counts = {"<b>posts</b>": 1}
    run.save()
    client.force_login(editor)
    page = client.get(run.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<b>posts</b>" not in page
