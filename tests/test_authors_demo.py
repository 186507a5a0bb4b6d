"""The demo's authors: photos, credentials (some verified, one expiring soon), booking links."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from authors.models import Author, Credential
from blog.models import Post


def test_demo_authors_have_photos_credentials_and_booking_links(client, db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=StringIO())
    authors = Author.objects.with_credentials().filter(user__isnull=False)
    assert authors.count() >= 3
    for author in authors:
        assert author.photo and author.byline_photo and author.profile_photo
        path = Path(settings.MEDIA_ROOT) / author.profile_photo.src.removeprefix(settings.MEDIA_URL)
        assert path.exists()
        assert author.booking_url.startswith("https://") and author.booking_label
        assert author.credential_list and author.bio_html
    assert Credential.objects.verified().exists()
    assert Credential.objects.filter(verified=False).exists()
    assert Credential.objects.verified().expiring_within(60).exists()
    reviewed = Post.objects.published().filter(reviewed_by__isnull=False).first()
    assert reviewed is not None
    assert "Reviewed by" in client.get(reviewed.get_absolute_url()).content.decode()
    html = client.get("/authors/").content.decode()
    assert all(author.name in html for author in authors)
    assert html.count('<source type="image/webp"') >= authors.count()
