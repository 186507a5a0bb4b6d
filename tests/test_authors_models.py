"""Author profiles and credentials: the rules that live next to the data."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from authors.models import PHOTO_SQUARES, Author, Credential
from core.square_crops import square_name

from .conftest import make_image_bytes


def test_credential_abbreviations_follow_the_authors_order(author, make_credential, editor):
    make_credential(
        abbreviation="MHCI", title="Master of Human-Computer Interaction", position=2,
        verified_by=editor,
    )  # fmt: skip
    make_credential(abbreviation="MA", title="Master of Arts", position=1, verified_by=editor)
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
    # Verified once, now expired: still listed, no longer marked.
    make_credential(
        abbreviation="LMFT", title="Licensed Marriage and Family Therapist", verified_by=editor,
        expires_on=timezone.localdate() - timedelta(days=1), position=2,
    )  # fmt: skip
    assert author.credential_abbreviations == "MA, LMFT"
    assert author.verification_note.startswith("MA verified by the editors on ")


def test_unverified_credentials_are_not_public(author, make_credential, editor):
    make_credential(abbreviation="MA", verified_by=editor, position=1)
    make_credential(abbreviation="CGT", title="Certified Gottman Therapist", position=2)
    author = Author.objects.with_credentials().get(pk=author.pk)
    assert [c.abbreviation for c in author.credential_list] == ["MA", "CGT"]
    assert [c.abbreviation for c in author.public_credentials] == ["MA"]
    assert author.credential_abbreviations == "MA"
    assert author.verification_note.startswith("Credentials verified by the editors on ")
    assert list(Credential.objects.public().values_list("abbreviation", flat=True)) == ["MA"]


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


def crops_of(author, media_root) -> dict[str, tuple[str, tuple[int, int]]]:
    """Every square crop next to the author's photo: file name -> (format, size)."""
    photo = media_root / author.photo.name
    crops = {}
    for path in photo.parent.glob(f"{photo.stem}.*sq.*"):
        with Image.open(path) as image:
            crops[path.name] = (image.format, image.size)
    return crops


def test_photo_is_stripped_of_exif_and_gps(author, media_root):
    author.photo = SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")
    author.save()
    author.refresh_from_db()
    names = [author.photo.name, *PHOTO_SQUARES.names(author.photo.name, 480)]
    for name in names:
        data = (media_root / name).read_bytes()
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), name
        assert b"Secret Phone" not in data, name
        assert "exif" not in image.info, name
    assert "me" not in author.photo.name.rsplit("/", 1)[-1]


def test_photo_gets_square_crops_at_each_density_in_webp_and_its_own_format(author, media_root):
    # 640 × 480: every density fits (the largest is the profile's 3x, 480).
    author.photo = SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")
    author.save()
    stem = author.photo.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    # byline 48 × 1, 2; card 96 × 1, 2; profile 160 × 1, 2, 3.
    sizes = (48, 96, 160, 192, 320, 480)
    assert crops_of(author, media_root) == {
        f"{stem}.{size}sq.{ext}": (fmt, (size, size))
        for size in sizes
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG"))
    }


def test_a_small_photo_gets_no_upscaled_high_density_crops(author, media_root):
    author.photo = SimpleUploadedFile("a.jpg", make_image_bytes(size=(300, 200)))
    author.save()
    sizes = {size for _, (size, _) in crops_of(author, media_root).values()}
    # 1x of every place always (the page shows that size); 2x only where 200 px suffice.
    assert sizes == {48, 96, 160, 192}
    assert author.profile_photo.srcset.endswith(".160sq.jpg 1x")
    assert author.card_photo.srcset.endswith(".192sq.jpg 2x")


@pytest.mark.parametrize(
    "fmt, name, fallback",
    [("PNG", "a.png", "PNG"), ("WEBP", "a.webp", "JPEG"), ("GIF", "a.gif", "JPEG")],
)
def test_the_crop_beside_webp_is_the_originals_format_or_jpeg(
    author, media_root, fmt, name, fallback
):
    author.photo = SimpleUploadedFile(name, make_image_bytes(fmt, size=(500, 500)))
    author.save()
    formats = {fmt for fmt, _ in crops_of(author, media_root).values()}
    assert formats == {"WEBP", fallback}


def test_crops_are_made_once_and_remade_only_when_the_photo_changes(author, media_root):
    author.photo = SimpleUploadedFile("a.png", make_image_bytes("PNG"), content_type="image/png")
    author.save()
    first = {
        name: (media_root / "authors" / name).stat().st_mtime_ns
        for name in crops_of(author, media_root)
    }
    loaded = Author.objects.get(pk=author.pk)
    loaded.headline = "Changed headline"
    loaded.save()
    again = {
        name: (media_root / "authors" / name).stat().st_mtime_ns
        for name in crops_of(loaded, media_root)
    }
    assert again == first
    loaded.photo = SimpleUploadedFile("b.jpg", make_image_bytes(), content_type="image/jpeg")
    loaded.save()
    assert crops_of(loaded, media_root) and not set(crops_of(loaded, media_root)) & set(first)


def test_replacing_the_photo_deletes_the_old_crops(author, media_root):
    author.photo = SimpleUploadedFile("a.jpg", make_image_bytes(size=(600, 600)))
    author.save()
    old = author.photo.name
    old_crops = [
        media_root / square_name(old, size, ext) for size in (48, 480) for ext in ("webp", "jpg")
    ]
    assert all(path.exists() for path in old_crops)
    author = Author.objects.get(pk=author.pk)
    author.photo = SimpleUploadedFile("b.png", make_image_bytes("PNG", size=(600, 600)))
    author.save()
    assert not any(path.exists() for path in old_crops)
    assert (media_root / square_name(author.photo.name, 480, "png")).exists()


def test_removing_the_photo_or_the_author_removes_its_crops(author, other_author, media_root):
    author.photo = SimpleUploadedFile("a.jpg", make_image_bytes())
    author.save()
    crop = media_root / square_name(author.photo.name, 48, "webp")
    assert crop.exists()
    author = Author.objects.get(pk=author.pk)
    author.photo = ""
    author.save()
    assert not crop.exists()
    assert author.byline_photo is None

    other_author.photo = SimpleUploadedFile("b.jpg", make_image_bytes())
    other_author.save()
    crop = media_root / square_name(other_author.photo.name, 48, "jpg")
    other_author.delete()
    assert not crop.exists()


def test_a_transparent_png_crop_is_laid_on_white(author, media_root):
    buffer = io.BytesIO()
    Image.new("RGBA", (200, 100), (0, 0, 0, 0)).save(buffer, format="PNG")
    author.photo = SimpleUploadedFile("t.png", buffer.getvalue(), content_type="image/png")
    author.save()
    for ext in ("png", "webp"):
        crop = Image.open(media_root / square_name(author.photo.name, 48, ext))
        assert crop.convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_editable_by_gives_editors_everyone_and_authors_themselves(
    author, other_author, second_author, editor, author_user
):
    assert set(Author.objects.editable_by(editor)) == {author, other_author, second_author}
    assert list(Author.objects.editable_by(author_user)) == [author]
