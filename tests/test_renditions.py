"""Responsive renditions: made once at save time, replaced with the image, used by pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from authors.models import PHOTO_SQUARES
from blog.models import Post
from core import renditions

from .conftest import make_image_bytes


def upload(size, fmt="JPEG", name="photo.jpg", mode="RGB"):
    if mode == "RGBA":
        import io

        buffer = io.BytesIO()
        Image.new("RGBA", size, (10, 200, 30, 128)).save(buffer, format=fmt)
        data = buffer.getvalue()
    else:
        data = make_image_bytes(fmt, size=size)
    return SimpleUploadedFile(name, data)


def files_next_to(name, media_root):
    path = media_root / name
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def size_of(media_root, name):
    with Image.open(media_root / name) as image:
        return image.format, image.size


def test_large_jpeg_gets_three_widths_in_webp_and_jpeg(make_post, media_root):
    post = make_post(featured_image=upload((2000, 1000)), featured_image_alt="Shapes")
    name = post.featured_image.name
    stem = name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    assert files_next_to(name, media_root) == sorted(
        f"{stem}.{w}w.{ext}" for w in (480, 960, 1600) for ext in ("jpg", "webp")
    )
    assert size_of(media_root, renditions.rendition_name(name, 960, "webp")) == (
        "WEBP",
        (960, 480),
    )
    assert size_of(media_root, renditions.rendition_name(name, 480, "jpg")) == ("JPEG", (480, 240))
    assert (post.featured_image_width, post.featured_image_height) == (2000, 1000)


def test_small_image_is_never_upscaled(make_post, media_root):
    post = make_post(featured_image=upload((300, 200)), featured_image_alt="Small")
    stem = post.featured_image.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    # Only a WebP copy at its own width; the original stands for itself.
    assert files_next_to(post.featured_image.name, media_root) == [f"{stem}.300w.webp"]


def test_png_with_transparency_keeps_png_renditions(make_post, media_root):
    post = make_post(
        featured_image=upload((1000, 500), fmt="PNG", name="a.png", mode="RGBA"),
        featured_image_alt="Translucent",
    )
    name = renditions.rendition_name(post.featured_image.name, 480, "png")
    assert size_of(media_root, name) == ("PNG", (480, 240))


def test_replacing_the_image_deletes_the_old_renditions(make_post, media_root):
    post = make_post(featured_image=upload((1000, 500)), featured_image_alt="First")
    old = post.featured_image.name
    old_webp = media_root / renditions.rendition_name(old, 480, "webp")
    assert old_webp.exists()
    post.featured_image = upload((1200, 600))
    post.save()
    assert not old_webp.exists()
    assert (media_root / renditions.rendition_name(post.featured_image.name, 960, "webp")).exists()


def test_removing_the_image_or_the_post_deletes_renditions(make_post, media_root):
    post = make_post(featured_image=upload((1000, 500)), featured_image_alt="First")
    webp = media_root / renditions.rendition_name(post.featured_image.name, 480, "webp")
    post.featured_image = ""
    post.featured_image_alt = ""
    post.save()
    assert not webp.exists()
    other = make_post(featured_image=upload((1000, 500)), featured_image_alt="Second")
    webp = media_root / renditions.rendition_name(other.featured_image.name, 480, "webp")
    other.delete()
    assert not webp.exists()


def test_author_photo_gets_renditions(author, media_root):
    author.photo = upload((1000, 1000))
    author.save()
    assert (media_root / renditions.rendition_name(author.photo.name, 960, "webp")).exists()
    assert (author.photo_width, author.photo_height) == (1000, 1000)


def test_pages_never_make_renditions_on_a_request(client, make_post, monkeypatch, author):
    post = make_post(featured_image=upload((1000, 500)), featured_image_alt="Shapes")
    author.photo = upload((600, 600))
    author.save()

    def refuse(*args, **kwargs):
        raise AssertionError("renditions made during a request")

    monkeypatch.setattr(renditions, "make_renditions", refuse)
    monkeypatch.setattr(Image, "open", refuse)  # nor is any image opened to read its size
    for url in ["/", post.get_absolute_url(), author.get_absolute_url(), "/authors/"]:
        assert client.get(url).status_code == 200


def test_post_page_serves_a_picture_with_srcset_and_dimensions(client, make_post):
    post = make_post(featured_image=upload((2000, 1000)), featured_image_alt="Soft shapes")
    html = client.get(post.get_absolute_url()).content.decode()
    picture = re.search(r'<figure class="post__image">(.*?)</figure>', html, re.S).group(1)
    assert '<source type="image/webp" srcset="' in picture
    assert "480w" in picture and "960w" in picture and "1600w" in picture
    assert 'sizes="' in picture and 'width="2000" height="1000"' in picture
    assert 'alt="Soft shapes"' in picture
    # The hero image is the page's largest paint: never lazy.
    assert 'loading="lazy"' not in picture and 'fetchpriority="high"' in picture


def test_home_loads_the_first_card_image_eagerly_and_the_rest_lazily(client, make_post):
    for _ in range(3):
        make_post(featured_image=upload((800, 450)), featured_image_alt="Shapes")
    html = client.get("/").content.decode()
    images = re.findall(r"<img[^>]*>", html)
    assert len(images) == 3
    assert 'loading="lazy"' not in images[0]
    assert all('loading="lazy"' in image for image in images[1:])


def test_make_renditions_backfills_missing_files_and_sizes(make_post, media_root):
    post = make_post(featured_image=upload((1000, 500)), featured_image_alt="Shapes")
    name = post.featured_image.name
    for rendition in renditions.rendition_names(name, 1000):
        (media_root / rendition).unlink()
    Post.objects.filter(pk=post.pk).update(featured_image_width=None, featured_image_height=None)
    call_command("make_renditions", stdout=open("/dev/null", "w"))
    post.refresh_from_db()
    assert (post.featured_image_width, post.featured_image_height) == (1000, 500)
    assert all((media_root / r).exists() for r in renditions.rendition_names(name, 1000))


def test_make_renditions_backfills_the_square_crops_of_author_photos(author, media_root):
    author.photo = upload((640, 480))
    author.save()
    crops = [media_root / name for name in PHOTO_SQUARES.names(author.photo.name, 480)]
    assert len(crops) == 12 and all(path.exists() for path in crops)
    for path in crops:
        path.unlink()  # as for a photo saved before the crops existed
    call_command("make_renditions", stdout=open("/dev/null", "w"))
    assert all(path.exists() for path in crops)


@pytest.mark.parametrize(
    "width, expected",
    [(2000, [480, 960, 1600]), (960, [480, 960]), (700, [480, 700]), (100, [100])],
)
def test_target_widths_never_exceed_the_original(width, expected):
    assert renditions.target_widths(width) == expected


def test_every_srcset_url_is_a_file_that_exists(client, make_post, media_root, settings):
    post = make_post(featured_image=upload((2000, 1000)), featured_image_alt="Shapes")
    html = client.get(post.get_absolute_url()).content.decode()
    urls = set()
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls.update(candidate.split()[0] for candidate in srcset.split(","))
    assert len(urls) == 6  # 3 WebP, 2 JPEG renditions and the original
    for url in urls:
        assert (media_root / url.removeprefix(settings.MEDIA_URL)).exists(), url
