"""Privacy: no email on public pages, hashed addresses, purges, and editing one's own comment."""

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.comment_helpers import MARKER_EMAIL, aged_token, ensure_default_lists, post_comment


@pytest.fixture(autouse=True)
def default_lists(db):
    """The shipped blocklist and crisis phrases (live-server tests flush them)."""
    ensure_default_lists()


pytestmark = pytest.mark.django_db


def crawl(client: Client, start: list[str], limit: int = 200) -> dict[str, str]:
    """Every same-site page reachable from ``start`` (GET, following links)."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = response.content.decode(errors="replace")
        seen[url] = body
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'(?:href|src)="([^"#]+)', body):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc in ("", "testserver") and not parts.path.startswith(
                ("/admin", "/static", "/media")
            ):
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if path not in seen:
                    queue.append(path)
    return seen


def test_the_email_marker_appears_on_no_public_page_or_feed(client, post, make_post):
    Comment.objects.create(
        post=post,
        name="Marker Person",
        email=MARKER_EMAIL,
        url="https://marker.example",
        body="Approved words from the marker.",
        status="approved",
    )
    other = make_post(title="Another post")
    Comment.objects.create(
        post=other, name="Marker Held", email=MARKER_EMAIL, body="Held.", status="pending"
    )
    # Posted through the form too, then an error page that echoes the form.
    post_comment(client, post, email=MARKER_EMAIL, body="Second, through the form.")
    post_comment(client, post, email=MARKER_EMAIL, url="ftp://bad", body="An error page.")
    visitor = Client()
    pages = crawl(visitor, ["/", post.get_absolute_url(), "/feed/", "/sitemap.xml", "/rss/"])
    assert post.get_absolute_url() in pages and len(pages) > 5
    assert "Approved words from the marker." in pages[post.get_absolute_url()]
    local, _, domain = MARKER_EMAIL.partition("@")
    for url, body in pages.items():
        assert local not in body, url
        assert "marker.7f3a" not in body.lower(), url
    # The writer's own pages (held comment shown to them) do not show it either.
    own = client.get(post.get_absolute_url()).content.decode()
    assert local not in own


def test_the_address_is_stored_only_as_a_keyed_hash_and_the_user_agent_cut(client, post):
    response = client.post(
        f"/comments/post/{post.pk}/",
        {
            "name": "Hash Me",
            "email": "hash@example.org",
            "body": "Where am I from?",
            "token": aged_token(),
        },
        HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 500,
    )
    assert response.status_code == 302
    comment = Comment.objects.get(body="Where am I from?")
    # The test client sends REMOTE_ADDR 127.0.0.1.
    assert "127.0.0.1" not in comment.ip_hash and len(comment.ip_hash) == 64
    assert len(comment.user_agent) == 200


def test_purge_comment_data_blanks_old_hashes_and_user_agents(post):
    old = Comment.objects.create(
        post=post, name="Old", email="o@e.org", body="Old.", ip_hash="a" * 64, user_agent="UA",
        created_at=timezone.now() - timedelta(days=40),
    )  # fmt: skip
    new = Comment.objects.create(
        post=post, name="New", email="n@e.org", body="New.", ip_hash="b" * 64, user_agent="UA"
    )
    out = StringIO()
    call_command("purge_comment_data", "--days", "30", stdout=out)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_hash, old.user_agent) == ("", "")
    assert new.ip_hash == "b" * 64
    assert "1 comment(s)" in out.getvalue()


def test_purge_spam_deletes_only_old_spam(post):
    old_spam = Comment.objects.create(
        post=post, name="S", body="Old spam.", status="spam",
        created_at=timezone.now() - timedelta(days=40),
    )  # fmt: skip
    new_spam = Comment.objects.create(post=post, name="S", body="New spam.", status="spam")
    old_pending = Comment.objects.create(
        post=post, name="P", body="Old pending.", created_at=timezone.now() - timedelta(days=40)
    )
    call_command("purge_spam", "--days", "30", stdout=StringIO())
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert old_spam.pk not in remaining
    assert {new_spam.pk, old_pending.pk} <= remaining


@pytest.mark.parametrize("command", ["purge_spam", "purge_comment_data"])
def test_purge_commands_refuse_a_negative_age(command):
    with pytest.raises(CommandError):
        call_command(command, "--days", "-1")


# --- Editing one's own comment -----------------------------------------------------


@pytest.fixture
def mine(client, post):
    Comment.objects.create(
        post=post, name="Maya Torres", email="maya@example.org", body="Earlier.", status="approved"
    )
    post_comment(client, post, body="I wrot this quickly.")
    return Comment.objects.get(body="I wrot this quickly.")


def test_the_writer_can_edit_their_comment_from_the_same_browser(client, post, mine):
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/comments/{mine.pk}/edit/"' in page
    response = client.post(f"/comments/{mine.pk}/edit/", {"body": "I wrote this quickly."})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.body == "I wrote this quickly." and mine.edited_at


def test_an_edit_that_adds_spam_files_the_comment_as_spam(client, mine):
    assert mine.status == "approved"
    client.post(f"/comments/{mine.pk}/edit/", {"body": "Now: buy viagra"})
    mine.refresh_from_db()
    assert mine.status == "spam" and mine.marked_spam_at is not None


def test_the_writer_can_delete_their_comment(client, post, mine):
    assert client.get(f"/comments/{mine.pk}/delete/").status_code == 200
    response = client.post(f"/comments/{mine.pk}/delete/")
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=mine.pk).exists()


def test_another_browser_cannot_edit_or_delete(post, mine):
    other = Client()
    assert other.get(f"/comments/{mine.pk}/edit/").status_code == 403
    assert other.post(f"/comments/{mine.pk}/delete/").status_code == 403
    assert Comment.objects.filter(pk=mine.pk, body="I wrot this quickly.").exists()


def test_editing_closes_after_ten_minutes(client, post, mine, monkeypatch):
    import time

    later = time.time() + 11 * 60
    monkeypatch.setattr("comments.authorship.time.time", lambda: later)
    response = client.post(f"/comments/{mine.pk}/edit/", {"body": "Too late."})
    assert response.status_code == 403
    assert "first minutes after posting" in response.content.decode()


def test_a_forged_cookie_gives_no_rights(client, post, mine):
    client.cookies["comments_written"] = f"{mine.pk}:{int(timezone.now().timestamp())}"
    assert client.get(f"/comments/{mine.pk}/edit/").status_code == 403


def test_an_empty_edit_keeps_the_comment_and_says_why(client, mine):
    response = client.post(f"/comments/{mine.pk}/edit/", {"body": " "})
    assert response.status_code == 400
    assert "Please type a comment." in response.content.decode()
    mine.refresh_from_db()
    assert mine.body == "I wrot this quickly."
