"""Bylines, the authors list and author pages as readers see them."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from authors.models import Author, Credential
from blog.models import Post

from .conftest import make_image_bytes


def text_of(html: str) -> str:
    """The visible text of some HTML, spaces collapsed, for assertions on sentences."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


@pytest.fixture
def credentialed(author, make_credential, editor):
    make_credential(abbreviation="MA", title="Master of Arts", position=1, verified_by=editor)
    make_credential(
        abbreviation="MHCI",
        title="Master of Human-Computer Interaction",
        position=2,
        verified_by=editor,
    )
    return author


def test_post_byline_reads_by_name_and_credentials(client, credentialed, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert "By Alice Rivera, MA, MHCI" in text_of(html)


def test_post_byline_carries_the_verified_mark_with_who_and_when(client, credentialed, post):
    html = client.get(post.get_absolute_url()).content.decode()
    today = timezone.localdate().strftime("%B %-d, %Y")
    assert f"✓ Credentials verified by the editors on {today}" in text_of(html)


def test_unverified_credentials_are_not_shown_at_all(client, author, make_credential, post):
    make_credential(abbreviation="LMFT", title="Licensed Marriage and Family Therapist")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "By Alice Rivera Book with her here" in text_of(html)
    assert "LMFT" not in html
    assert "verified" not in text_of(html).lower()


def test_expired_credential_loses_its_mark_on_the_post(
    client, author, make_credential, editor, post
):
    make_credential(verified_by=editor, expires_on=timezone.localdate() - timedelta(days=1))
    html = client.get(post.get_absolute_url()).content.decode()
    assert "By Alice Rivera, MA" in text_of(html)
    assert "verified by the editors" not in text_of(html)


def test_post_byline_has_the_booking_link_with_its_label_through_the_counter(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<a href="/authors/alice-rivera/book/?from=rebuilding-trust" rel="nofollow">' in html
    assert "Book with her here" in html
    assert "https://example.com/book/alice" not in html  # never the raw address


def test_post_cards_show_the_byline_with_credentials(client, credentialed, post):
    html = client.get("/").content.decode()
    assert "By Alice Rivera, MA, MHCI" in text_of(html)


def photo_markup(html: str, css_class: str) -> str:
    """The <picture> around the <img> of that class."""
    match = re.search(rf'<picture>(?:(?!</picture>).)*class="{css_class}".*?</picture>', html, re.S)
    assert match, f"no <picture> around .{css_class}"
    return match.group(0)


def assert_square_picture(markup: str, stem: str, size: int, densities: int) -> None:
    """A WebP <source> and an <img> in the original's format, by density, sized."""
    webp = ", ".join(f"{stem}.{size * d}sq.webp {d}x" for d in range(1, densities + 1))
    jpeg = ", ".join(f"{stem}.{size * d}sq.jpg {d}x" for d in range(1, densities + 1))
    assert f'<source type="image/webp" srcset="{webp}">' in markup
    assert f'src="{stem}.{size}sq.jpg" srcset="{jpeg}"' in markup
    assert f'width="{size}" height="{size}"' in markup


@pytest.fixture
def photographed(author):
    author.photo = SimpleUploadedFile("a.jpg", make_image_bytes(size=(640, 480)))
    author.save()
    return author


def stem_url(author) -> str:
    return author.photo.url.rsplit(".", 1)[0]


def test_post_byline_shows_the_square_photo_by_density_loaded_eagerly(client, photographed, post):
    html = client.get(post.get_absolute_url()).content.decode()
    markup = photo_markup(html, "byline__photo")
    assert_square_picture(markup, stem_url(photographed), 48, 2)
    assert 'loading="lazy"' not in markup  # the post's own byline is at the top


def test_card_bylines_load_their_photo_lazily(client, photographed, post):
    html = client.get("/").content.decode()
    markup = photo_markup(html, "byline__photo")
    assert_square_picture(markup, stem_url(photographed), 48, 2)
    assert 'loading="lazy"' in markup


@pytest.mark.parametrize("address", ["/", "/blog/category/trust/"])
def test_cards_carry_a_compact_byline_without_verification_sentence_or_booking_link(
    client, photographed, make_credential, editor, post, address
):
    """Photo, name and verified credentials on every card; the rest stays on the post page."""
    make_credential(abbreviation="MA", title="Master of Arts", position=1, verified_by=editor)
    make_credential(abbreviation="LMFT", title="Licensed Marriage and Family Therapist")

    html = client.get(address).content.decode()
    card = re.search(r'<article class="card">.*?</article>', html, re.S).group(0)
    assert_square_picture(photo_markup(card, "byline__photo"), stem_url(photographed), 48, 2)
    assert "By Alice Rivera, MA" in text_of(card)
    assert 'href="/authors/alice-rivera/" rel="author"' in card
    assert "LMFT" not in html  # unverified: on no page, card or not
    assert "/book/" not in html and "Book with her here" not in html
    assert "verified-mark" not in html and "verified by the editors" not in text_of(html)

    page = client.get(post.get_absolute_url()).content.decode()
    assert "By Alice Rivera, MA" in text_of(page)
    assert "✓ Credentials verified by the editors on" in text_of(page)
    assert '<a href="/authors/alice-rivera/book/?from=rebuilding-trust" rel="nofollow">' in page
    assert "LMFT" not in page


def test_authors_list_shows_the_square_photo_lazily(client, photographed):
    markup = photo_markup(client.get("/authors/").content.decode(), "author-card__photo")
    assert_square_picture(markup, stem_url(photographed), 96, 2)
    assert 'alt=""' in markup and 'loading="lazy"' in markup


def test_profile_shows_the_square_photo_up_to_3x_eagerly(client, photographed):
    html = client.get(photographed.get_absolute_url()).content.decode()
    markup = photo_markup(html, "profile__photo")
    assert_square_picture(markup, stem_url(photographed), 160, 3)
    assert 'alt="Portrait of Alice Rivera"' in markup
    assert 'loading="lazy"' not in markup  # above the fold


def test_every_photo_srcset_url_is_a_file_that_exists(client, photographed, post, settings):
    urls = set()
    for url in ["/", post.get_absolute_url(), "/authors/", photographed.get_absolute_url()]:
        html = client.get(url).content.decode()
        for srcset in re.findall(r'srcset="([^"]+)"', html):
            urls.update(candidate.split()[0] for candidate in srcset.split(","))
    assert len(urls) == 12  # 48, 96, 160, 192, 320, 480 in WebP and JPEG
    for url in urls:
        assert (settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)).exists(), url


def test_author_without_a_photo_shows_no_picture(client, author, post):
    for url in [post.get_absolute_url(), "/authors/", author.get_absolute_url()]:
        assert "<picture>" not in client.get(url).content.decode()


def test_clinical_review_shows_under_the_byline(client, post, second_author, editor):
    for abbreviation, title in [("PhD", "Doctor"), ("LP", "Psychologist")]:
        credential = Credential(author=second_author, abbreviation=abbreviation, title=title)
        credential.mark_verified(editor)
        credential.save()
    # Declared, not yet verified: not named in the review line.
    Credential.objects.create(author=second_author, abbreviation="CGT", title="Gottman")
    post.reviewed_by = second_author
    post.reviewed_on = date(2026, 3, 4)
    post.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Reviewed by Bob Okafor, PhD, LP on March 4, 2026" in text_of(html)


def test_post_without_review_shows_no_review_line(client, post):
    assert "Reviewed by" not in client.get(post.get_absolute_url()).content.decode()


def test_authors_list_shows_active_authors_with_credentials_and_headline(
    client, credentialed, other_author
):
    other_author.is_active = False
    other_author.save()
    html = client.get("/authors/").content.decode()
    assert "Alice Rivera, MA, MHCI" in text_of(html)
    assert "Couples therapist in Portland" in html
    assert "Ben Cole" not in html


def test_author_page_shows_everything_about_them(client, credentialed, post):
    credentialed.bio = "## My approach\n\nI use **Gottman** methods."
    credentialed.website = "https://alice.example"
    credentialed.social_links = "https://mastodon.example/@alice"
    credentialed.short_bio = "Helping couples talk."
    credentialed.save()
    html = client.get("/authors/alice-rivera/").content.decode()
    text = text_of(html)
    assert "Alice Rivera, MA, MHCI" in text
    assert "MA Master of Arts" in text and "MHCI Master of Human-Computer Interaction" in text
    assert "Verified by the editors on" in text
    assert "<strong>Gottman</strong>" in html
    assert 'href="/authors/alice-rivera/book/?via=profile"' in html and "Book with her here" in html
    assert 'href="https://alice.example"' in html
    assert 'href="https://mastodon.example/@alice"' in html
    assert post.title in html


def test_author_page_lists_their_published_posts_ten_per_page(client, author, make_post):
    posts = [make_post() for _ in range(12)]
    make_post(title="Unfinished draft", status=Post.Status.DRAFT)
    first = client.get("/authors/alice-rivera/").content.decode()
    assert posts[9].title in first and posts[10].title not in first
    assert "Unfinished draft" not in first
    second = client.get("/authors/alice-rivera/?page=2").content.decode()
    assert posts[10].title in second and posts[11].title in second


def test_inactive_authors_page_is_404_but_their_posts_stay_readable(client, author, post):
    author.is_active = False
    author.save()
    assert client.get("/authors/alice-rivera/").status_code == 404
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "By Alice Rivera" in text_of(html)
    # No link to the missing page, and no booking link for someone who left.
    assert 'href="/authors/alice-rivera/"' not in html
    assert "/book/" not in html


def test_unknown_author_is_404(client, db):
    assert client.get("/authors/nobody/").status_code == 404


def populate(make_post, count: int) -> None:
    """``count`` authors, each with two credentials and ``count`` posts."""
    for number in range(count):
        someone = Author.objects.create(name=f"Writer {number}", slug=f"writer-{number}")
        someone.photo = SimpleUploadedFile("p.jpg", make_image_bytes())
        someone.save()
        for abbreviation in ("MA", "LPC"):
            Credential.objects.create(author=someone, abbreviation=abbreviation, title="x")
        for _ in range(count):
            make_post(author=someone)


@pytest.mark.parametrize("count", [1, 12])
def test_authors_list_query_count_does_not_grow(
    client, make_post, django_assert_max_num_queries, count
):
    """Credentials and focus areas must not be fetched author by author (N+1)."""
    populate(make_post, count)
    # The directory (authors/directory.py): places and terms with their counts,
    # the formats' and availability's counts, authors, their credentials, their
    # lists' terms; and when the next verified credential expires and the next
    # "accepting" lapses (the page's cache lifetime, read once per change)
    with django_assert_max_num_queries(8):
        response = client.get("/authors/")
    assert response.status_code == 200
    # make_post's own author (Alice) is listed too.
    assert response.content.decode().count('class="author-card"') == count + 1


@pytest.mark.parametrize("count", [1, 12])
def test_author_page_query_count_does_not_grow(
    client, make_post, django_assert_max_num_queries, count
):
    """Posts' categories and the author's credentials must not be fetched per post (N+1)."""
    populate(make_post, count)
    # author, their credentials, count of posts, a page of posts, their categories,
    # and when the next verified credential expires (as above)
    with django_assert_max_num_queries(6):
        response = client.get("/authors/writer-0/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == min(count, 10)
