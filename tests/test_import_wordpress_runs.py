"""
``manage.py import_wordpress`` run with its options, twice, on a newer
export, or dry: each test makes its own run of
tests/fixtures/wordpress/export.xml.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from authors.models import Author, Credential
from blog.models import ImportedObject, NewsletterSend, Post, Subscriber
from comments.models import Comment

from .admin_registry import snapshot
from .wordpress_exports import EXPORT, make_uploads, newer_export, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads(tmp_path):
    return make_uploads(tmp_path)


@pytest.fixture
def imported(uploads):
    return run_import(EXPORT, "--uploads", uploads)


def post(wp_id: int) -> Post:
    pk = ImportedObject.objects.get(kind="post", wp_id=wp_id).object_id
    return Post.objects.get(pk=pk)


def comment(wp_id: int) -> Comment:
    pk = ImportedObject.objects.get(kind="comment", wp_id=wp_id).object_id
    return Comment.objects.get(pk=pk)


def test_an_imported_archive_mails_no_subscriber(uploads, mailoutbox):
    Subscriber.objects.create(
        email="reader@example.org", status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    run_import(EXPORT, "--uploads", uploads)
    assert Post.objects.published().exists()
    assert not NewsletterSend.objects.exists()
    assert mailoutbox == []
    # A held-back draft may still be announced: the box is an editor's to tick.
    assert not Post.objects.filter(email_subscribers=True).exists()


def test_status_draft_imports_every_post_as_a_draft(uploads):
    output = run_import(EXPORT, "--uploads", uploads, "--status", "draft")
    assert set(Post.objects.values_list("status", flat=True)) == {Post.Status.DRAFT}
    # The spam is still listed, for whoever publishes the drafts.
    assert "“Rebuilding Trust After an Affair” (WordPress 103): The link “سكس”" in output


def test_authors_map_gives_an_author_a_login(tmp_path, uploads, author_user):
    mapping = tmp_path / "authors.csv"
    mapping.write_text("wordpress_login,username\nsam,alice\n", encoding="utf-8")
    run_import(EXPORT, "--uploads", uploads, "--authors", mapping)
    # alice already has a profile: Sam's posts are hers.
    assert post(102).author.user == author_user


def test_authors_map_naming_an_unknown_login_is_refused_before_anything(tmp_path):
    mapping = tmp_path / "authors.csv"
    mapping.write_text("sam,nobody-here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nobody-here"):
        run_import(EXPORT, "--authors", mapping)
    assert not Post.objects.exists()


def test_an_image_that_is_no_image_is_refused_by_the_gate_and_listed(uploads):
    (uploads / "2019" / "05" / "featured.jpg").write_bytes(b"<html><script>x</script></html>")
    output = run_import(EXPORT, "--uploads", uploads)
    assert not post(101).featured_image
    assert "featured.jpg (This file is not an image we can read." in output


def test_byline_leaves_an_author_s_own_credentials_and_booking_link(uploads):
    hailey = Author.objects.create(
        name="Hailey Oliver", slug="hailey", booking_url="https://mine.example/book"
    )
    Credential.objects.create(author=hailey, abbreviation="LMFT", title="Licensed")
    run_import(EXPORT, "--uploads", uploads)
    hailey.refresh_from_db()
    assert hailey.booking_url == "https://mine.example/book"
    assert list(hailey.credentials.values_list("abbreviation", flat=True)) == ["LMFT"]


def test_keep_spam_imports_wordpress_spam_as_spam(uploads):
    run_import(EXPORT, "--uploads", uploads, "--keep-spam")
    assert comment(1009).status == Comment.Status.SPAM
    assert comment(1010).status == Comment.Status.SPAM


def test_running_the_same_export_twice_creates_and_changes_nothing(uploads, imported):
    before = snapshot()
    media = sorted(p.name for p in uploads.parent.rglob("*") if p.is_file())
    output = run_import(EXPORT, "--uploads", uploads)
    after = snapshot()
    assert {label: rows for label, rows in after.items() if label != "blog.ImportRun"} == {
        label: rows for label, rows in before.items() if label != "blog.ImportRun"
    }
    assert sorted(p.name for p in uploads.parent.rglob("*") if p.is_file()) == media
    assert "posts: already imported: 8" in output
    assert "comments: already imported: 8" in output


def test_a_newer_export_adds_only_what_is_new(tmp_path, uploads, imported):
    posts, comments = Post.objects.count(), Comment.objects.count()
    output = run_import(newer_export(tmp_path), "--uploads", uploads)
    assert Post.objects.count() == posts + 1
    assert Comment.objects.count() == comments + 2
    assert comment(1012).parent == comment(1001)
    assert "posts: imported as published: 1" in output


def test_dry_run_writes_nothing_and_reports_what_a_run_would(uploads, media_root):
    before = snapshot()
    dry = run_import(EXPORT, "--uploads", uploads, "--dry-run")
    assert snapshot() == before
    assert not any(p.is_file() for p in media_root.rglob("*"))
    real = run_import(EXPORT, "--uploads", uploads)
    assert (
        dry.replace("Dry run: nothing was written.", "Imported.")
        == real.rsplit("The report is kept", 1)[0]
    )


def test_no_progress_bar_when_not_on_a_terminal(uploads):
    """Logs and CI get the summary only: the bar is drawn on a terminal alone."""
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", str(EXPORT), "--uploads", str(uploads), stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert "item/s" not in out.getvalue()
    assert "posts: imported as published: 2" in out.getvalue()


REPEATED_COMMENTS = """
		<wp:comment>
			<wp:comment_id>1201</wp:comment_id>
			<wp:comment_author><![CDATA[Maria Lopez]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[maria@example.com]]></wp:comment_author_email>
			<wp:comment_date_gmt><![CDATA[2019-05-02 08:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[MARIAS_WORDS]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>1202</wp:comment_id>
			<wp:comment_author><![CDATA[Undated Reader]]></wp:comment_author>
			<wp:comment_content><![CDATA[No date on this one.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
	</item>""".replace("MARIAS_WORDS", "This exercise saved our weekends. Thank you!")


def test_the_same_comment_twice_from_one_writer_is_held_as_a_duplicate(tmp_path):
    text = EXPORT.read_text(encoding="utf-8")
    end_of_rituals = text.index("</item>", text.index("<wp:post_id>102</wp:post_id>"))
    text = text[:end_of_rituals] + REPEATED_COMMENTS.strip() + text[end_of_rituals + 7 :]
    export = tmp_path / "repeated.xml"
    export.write_text(text, encoding="utf-8")
    run_import(export)
    assert comment(1001).status == Comment.Status.APPROVED
    repeated = comment(1201)
    assert repeated.status == Comment.Status.PENDING
    assert [reason["layer"] for reason in repeated.reasons] == ["duplicate"]
    assert comment(1202).status == Comment.Status.APPROVED


def test_wordpress_com_image_addresses_are_found_in_the_media_export(tmp_path, uploads):
    """
    WordPress.com serves uploads from <site>.files.wordpress.com/2019/05/..., often
    through its image CDN (i0.wp.com/<site>.files.wordpress.com/...?w=604); its
    media export is the same year/month folders as a wp-content/uploads copy.
    """
    text = EXPORT.read_text(encoding="utf-8")
    text = text.replace(
        "https://old.example/wp-content/uploads/2019/05/photo.png",
        "https://i0.wp.com/oldsite.files.wordpress.com/2019/05/photo.png?w=604",
    )
    text = text.replace(
        "https://old.example/wp-content/uploads/", "https://oldsite.files.wordpress.com/"
    )
    assert "/wp-content/uploads/" not in text
    wordpress_com = tmp_path / "wordpress-com.xml"
    wordpress_com.write_text(text, encoding="utf-8")
    output = run_import(wordpress_com, "--uploads", uploads)
    assert "/media/markdown/wordpress/" in post(101).body_html
    assert "files.wordpress.com/2019/05/photo.png" not in post(101).body
    assert post(101).featured_image
    assert "never-copied.jpg (not found under --uploads)" in output


def test_a_gallery_without_ids_shows_the_images_uploaded_to_the_post(tmp_path, uploads):
    """[gallery] alone (older WordPress wrote no ids) shows the post's own uploads."""
    text = EXPORT.read_text(encoding="utf-8")
    marker = "<wp:post_id>101</wp:post_id>"
    assert text.count(marker) == 1
    body_end = text.rindex("]]></content:encoded>", 0, text.index(marker))
    text = text[:body_end] + "\n\n[gallery]" + text[body_end:]
    with_gallery = tmp_path / "gallery.xml"
    with_gallery.write_text(text, encoding="utf-8")
    output = run_import(with_gallery, "--uploads", uploads)
    assert "[gallery]" not in post(101).body
    assert post(101).body.count("/media/markdown/wordpress/") == 2  # caption, gallery
    assert "[gallery]" not in output  # not among the shortcodes left


def test_a_comment_repeated_on_the_same_post_is_held_whatever_the_emails_case(tmp_path):
    twice = "\n".join(
        f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
        <wp:comment_author>Sam</wp:comment_author>
        <wp:comment_author_email>{email}</wp:comment_author_email>
        <wp:comment_date_gmt>2019-05-03 0{hour}:00:00</wp:comment_date_gmt>
        <wp:comment_content>We tried the check-in for a month.</wp:comment_content>
        <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
        </wp:comment>"""
        for wp_id, email, hour in [(1301, "sam@example.com", 8), (1302, "SAM@Example.com", 9)]
    )
    text = EXPORT.read_text(encoding="utf-8")
    end_of_rituals = text.index("</item>", text.index("<wp:post_id>102</wp:post_id>"))
    export = tmp_path / "twice.xml"
    export.write_text(text[:end_of_rituals] + twice + text[end_of_rituals:], encoding="utf-8")
    run_import(export)
    assert comment(1301).status == Comment.Status.APPROVED
    assert [reason["layer"] for reason in comment(1302).reasons] == ["duplicate"]
