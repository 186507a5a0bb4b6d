"""Author profiles and credentials: the rules that live next to the data."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from authors.models import BYLINE_PHOTO_SIZE, PROFILE_PHOTO_SIZE, Author, Credential

from .conftest import make_image_bytes


def test_credential_abbreviations_follow_the_authors_order(author, make_credential):
    make_credential(abbreviation="MHCI", title="Master of Human-Computer Interaction", position=2)
    make_credential(abbreviation="MA", title="Master of Arts", position=1)
    author = Author.objects.with_credentials().get(pk=author.pk)
    assert author.credential_abbreviations == "MA, MHCI"


def test_author_without_credentials_has_an_empty_credential_line(author):
    assert author.credential_abbreviations == ""
    assert author.verification_note == ""


def test_verification_note_names_the_editors_and_the_date(author, make_credential, editor):
    credential = make_credential(verified_by=editor)
    when = timezone.localtime(credential.verified_at).strftime("%B %-d, %Y")
    assert author.verification_note == f"Credentials verified by the editors on {when}"


def test_verification_note_names_only_what_is_verified(author, make_credential, editor):
    make_credential(abbreviation="MA", verified_by=editor, position=1)
    make_credential(abbreviation="LMFT", title="Licensed Marriage and Family Therapist")
    assert author.verification_note.startswith("MA verified by the editors on ")


def test_an_authors_text_change_clears_the_verification(make_credential, editor):
    credential = make_credential(verified_by=editor)
    loaded = Credential.objects.get(pk=credential.pk)
    loaded.title = "Master of Arts in Counselling"
    loaded.save()
    loaded.refresh_from_db()
    assert (loaded.verified, loaded.verified_by, loaded.verified_at) == (False, None, None)


def test_a_change_to_the_expiry_date_also_clears_the_verification(make_credential, editor):
    credential = make_credential(verified_by=editor, expires_on=timezone.localdate())
    loaded = Credential.objects.get(pk=credential.pk)
    loaded.expires_on = timezone.localdate() + timedelta(days=3650)
    loaded.save()
    assert not Credential.objects.get(pk=credential.pk).verified


def test_saving_without_a_text_change_keeps_the_verification(make_credential, editor):
    credential = make_credential(verified_by=editor)
    loaded = Credential.objects.get(pk=credential.pk)
    loaded.position = 5
    loaded.save()
    assert Credential.objects.get(pk=credential.pk).verified


def test_an_editor_who_re_verifies_in_the_same_save_keeps_the_mark(make_credential, editor):
    credential = make_credential(verified_by=editor)
    loaded = Credential.objects.get(pk=credential.pk)
    loaded.title = "Master of Arts in Psychology"
    loaded.mark_verified(editor)
    loaded.save()
    assert Credential.objects.get(pk=credential.pk).verified


def test_an_expired_credential_loses_its_mark_by_itself(author, make_credential, editor):
    credential = make_credential(
        verified_by=editor, expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert credential.verified and credential.is_expired
    assert not credential.is_verified
    assert credential not in Credential.objects.verified()
    assert author.verification_note == ""


def test_a_credential_expiring_today_still_counts_as_verified(make_credential, editor):
    credential = make_credential(verified_by=editor, expires_on=timezone.localdate())
    assert credential.is_verified and credential in Credential.objects.verified()


def test_expiring_within_sixty_days_lists_only_those(make_credential):
    today = timezone.localdate()
    soon = make_credential(abbreviation="LPC", expires_on=today + timedelta(days=20))
    edge = make_credential(abbreviation="CGT", expires_on=today + timedelta(days=60))
    make_credential(abbreviation="LCSW", expires_on=today + timedelta(days=61))
    make_credential(abbreviation="OLD", expires_on=today - timedelta(days=1))
    make_credential(abbreviation="PHD")  # never expires
    assert set(Credential.objects.expiring_within(60)) == {soon, edge}


def test_abbreviation_with_a_comma_is_refused_with_a_message(make_credential):
    credential = make_credential()
    credential.abbreviation = "MA, MHCI"
    with pytest.raises(ValidationError, match="One abbreviation per credential"):
        credential.full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("booking_url", "http://example.com/book"),
        ("booking_url", "javascript:alert(1)"),
        ("booking_url", "ftp://example.com/book"),
        ("website", "http://example.com"),
        ("website", "data:text/html,<script>alert(1)</script>"),
        ("social_links", "https://ok.example\nhttp://mastodon.example/@me"),
        ("social_links", "javascript:alert(1)"),
    ],
)
def test_links_must_be_https(author, field, value):
    setattr(author, field, value)
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert field in error.value.message_dict


def test_https_links_are_accepted(author):
    author.booking_url = "https://calendly.example/alice"
    author.website = "https://alice.example"
    author.social_links = "https://www.linkedin.com/in/alice\n\nhttps://mastodon.example/@alice"
    author.full_clean()
    assert author.social_link_list == [
        ("linkedin.com", "https://www.linkedin.com/in/alice"),
        ("mastodon.example", "https://mastodon.example/@alice"),
    ]


def test_short_bio_is_at_most_300_characters(author):
    author.short_bio = "x" * 301
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert "short_bio" in error.value.message_dict


def test_booking_label_has_a_default(db):
    assert Author(name="New", slug="new").booking_label == "Book a session"


def test_long_bio_is_rendered_once_on_save_through_the_sanitiser(author):
    author.bio = "I work with **couples**.<script>alert(1)</script> [x](javascript:alert(1))"
    author.save()
    author.refresh_from_db()
    assert "<strong>couples</strong>" in author.bio_html
    assert "script" not in author.bio_html and "javascript" not in author.bio_html


def test_saving_with_update_fields_bio_also_saves_its_html(author):
    author.bio = "*new*"
    author.save(update_fields=["bio"])
    author.refresh_from_db()
    assert author.bio_html == "<p><em>new</em></p>"


def jpeg_with_gps() -> bytes:
    """A JPEG carrying a camera model and GPS position, as phones write them."""
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (45.0, 31.0, 12.5)
    gps[3] = "W"
    gps[4] = (122.0, 40.0, 30.0)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_the_test_jpeg_really_carries_gps():
    """Guards the test below: without GPS in the input, it would prove nothing."""
    image = Image.open(io.BytesIO(jpeg_with_gps()))
    assert image.getexif().get_ifd(0x8825)[2] == (45.0, 31.0, 12.5)
    assert b"Secret Phone" in jpeg_with_gps()


def test_photo_is_stripped_of_exif_and_gps_and_cropped_square(author):
    author.photo = SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")
    author.save()
    author.refresh_from_db()
    for field, size in (
        ("photo", None),
        ("photo_byline", BYLINE_PHOTO_SIZE),
        ("photo_profile", PROFILE_PHOTO_SIZE),
    ):
        with getattr(author, field).open("rb") as stored:
            data = stored.read()
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), field
        assert b"Secret Phone" not in data, field
        assert "exif" not in image.info, field
        if size:
            assert image.size == (size, size)
    assert "me" not in author.photo.name.rsplit("/", 1)[-1]


def test_crops_are_made_once_and_remade_only_when_the_photo_changes(author):
    author.photo = SimpleUploadedFile("a.png", make_image_bytes("PNG"), content_type="image/png")
    author.save()
    first = (author.photo_byline.name, author.photo_profile.name)
    loaded = Author.objects.get(pk=author.pk)
    loaded.headline = "Changed headline"
    loaded.save()
    assert (loaded.photo_byline.name, loaded.photo_profile.name) == first
    loaded.photo = SimpleUploadedFile("b.jpg", make_image_bytes(), content_type="image/jpeg")
    loaded.save()
    assert loaded.photo_byline.name != first[0]


def test_removing_the_photo_removes_its_crops(author):
    author.photo = SimpleUploadedFile("a.jpg", make_image_bytes(), content_type="image/jpeg")
    author.save()
    author.photo = ""
    author.save()
    author.refresh_from_db()
    assert not author.photo_byline and not author.photo_profile


def test_a_transparent_png_crop_is_laid_on_white(author):
    buffer = io.BytesIO()
    Image.new("RGBA", (200, 100), (0, 0, 0, 0)).save(buffer, format="PNG")
    author.photo = SimpleUploadedFile("t.png", buffer.getvalue(), content_type="image/png")
    author.save()
    crop = Image.open(author.photo_byline.path)
    assert crop.getpixel((10, 10)) == (255, 255, 255)


def test_editable_by_gives_editors_everyone_and_authors_themselves(
    author, other_author, second_author, editor, author_user
):
    assert set(Author.objects.editable_by(editor)) == {author, other_author, second_author}
    assert list(Author.objects.editable_by(author_user)) == [author]
