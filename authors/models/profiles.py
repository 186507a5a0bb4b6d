"""An author's profile: who writes for the site, and what bylines and profiles show."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField

from core import screening
from core.images import CleanImageField
from core.integrity import seal
from core.links import url_as_html, urls_as_html
from core.markdown import render_markdown
from core.media import MediaUse, uses_in_html, uses_of_field
from core.page_cache import tag_for
from core.renditions import Picture, picture
from core.square_crops import Avatar, Squares

from .directory import DirectoryFacts, DirectoryQuerySet

# Where a photo is shown, at which CSS size, up to which screen density; the
# square crops for all of them are made once when the photo is saved
# (authors.apps tracks them) and named from it, so pages build their srcset
# without opening a file. The profile is the one large, above-the-fold photo:
# 3x phones get a sharp 480 px one there.
PHOTO_SQUARES = Squares({"byline": (48, 2), "card": (96, 2), "profile": (160, 3)})

https_only = URLValidator(
    schemes=["https"], message="Enter a full https:// address (http and other kinds are refused)."
)


def validate_https_lines(value: str) -> None:
    """Social links: one https:// address a line, each one checked on its own."""
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            https_only(line)
        except ValidationError:
            raise ValidationError(
                "Line %(number)s (“%(line)s”) is not a full https:// address.",
                code="invalid_social_link",
                params={"number": number, "line": line[:80]},
            ) from None


class AuthorQuerySet(DirectoryQuerySet):
    def active(self) -> "AuthorQuerySet":
        return self.filter(is_active=True)

    def with_credentials(self) -> "AuthorQuerySet":
        """Authors with their credentials in one more query, whatever their number."""
        return self.prefetch_related("credentials")

    def clinical_reviewers(self) -> "AuthorQuerySet":
        """
        Who may sign off a post's clinical review: active authors holding a
        licence an editor verified and that has not expired (a degree or a
        certification is not a licence to practise).
        """
        # Credential is named through the relation: its module imports this one.
        credential = self.model._meta.get_field("credentials").related_model
        licensed = credential.objects.verified().filter(kind=credential.Kind.LICENCE)
        return self.active().filter(pk__in=licensed.values("author_id"))

    def editable_by(self, user) -> "AuthorQuerySet":
        """Every profile for editors; an author's own profile for everyone else."""
        if user.has_perm("authors.edit_any_author"):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Author(DirectoryFacts, models.Model):
    """
    A person who writes for the site; guest authors have no login. What the
    directory shows of her practice is in DirectoryFacts (directory.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name="login",
        help_text="The login that may edit this profile. Guest authors have none.",
    )
    name = models.CharField("display name", max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(
        max_length=160, blank=True, help_text="One line, e.g. “Couples therapist in Portland”."
    )
    short_bio = models.TextField(
        max_length=300,
        blank=True,
        # A TextField's max_length only reaches forms; this checks it everywhere.
        validators=[MaxLengthValidator(300)],
        help_text="Plain text, at most 300 characters.",
    )
    bio = MarkdownxField("long bio", blank=True, help_text="Markdown, shown on your profile page.")
    bio_html = models.TextField(editable=False, default="")
    photo = CleanImageField(
        upload_to="authors/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="A JPEG, PNG or WebP portrait. It is cropped to a square around its centre.",
    )
    # Stored so that pages size the photo and its renditions without opening it.
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    booking_url = models.URLField(
        "booking link",
        blank=True,
        validators=[https_only],
        help_text="Where readers book a session with you (https:// only).",
    )
    booking_label = models.CharField(
        max_length=80,
        default="Book a session",
        help_text="The words on your booking link, e.g. “Book with her here”.",
    )
    website = models.URLField(blank=True, validators=[https_only], help_text="https:// only.")
    social_links = models.TextField(
        blank=True,
        validators=[validate_https_lines],
        help_text="Optional. One https:// address a line (LinkedIn, Mastodon, Instagram…).",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive authors have no public page."
    )
    notify_on_comments = models.BooleanField(
        "notify me of comments on my posts",
        default=True,
        help_text="Email me when a comment on one of my posts is published or awaits review.",
    )

    content_seal = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuthorQuerySet.as_manager()

    # Bookkeeping the history's comparison leaves out (core.revisions).
    REVISION_IGNORED_FIELDS = ["content_seal"]
    # What a profile shows readers; the tamper seal covers these (core.integrity).
    # Everything of a profile that reaches a page (audit_content checks them).
    SEALED_FIELDS = [
        "name", "slug", "headline", "short_bio", "bio", "bio_html", "photo",
        "booking_url", "booking_label", "website", "social_links",
        *DirectoryFacts.DIRECTORY_SCREENED_FIELDS,
    ]  # fmt: skip

    class Meta(DirectoryFacts.Meta):
        ordering = ["name"]
        permissions = [("edit_any_author", "Can edit every author's profile")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.accepting_clients and self.accepting_confirmed_on is None:
            self.confirm_availability()  # ticked for the first time
        # Rendered once here, through the one sanitising function, not per request.
        self.bio_html = render_markdown(self.bio)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if "bio" in update_fields:
                update_fields.add("bio_html")
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
        seal(self)

    def get_absolute_url(self) -> str:
        return reverse("authors:detail", kwargs={"slug": self.slug})

    def media_in_use(self) -> list[MediaUse]:
        """The library images the profile shows (core.media records them)."""
        return [
            *uses_in_html("long bio", self.bio_html, self.user_id),
            *uses_of_field("photo", self.photo, self.name, self.user_id),
        ]

    def redirect_urls(self) -> list[str]:
        """
        While the profile is public, its page, feeds (config.urls names them)
        and booking link: a new slug leaves redirects from these (core.redirects).
        """
        if not self.is_active:
            return []
        names = ["authors:detail", "author_feed", "author_feed_atom", "authors:book"]
        return [reverse(name, kwargs={"slug": self.slug}) for name in names]

    # What a profile contributes: its tags in the page cache (core.bumps), its
    # bylines, cards and profile and the list of authors; and per field, the
    # links it shows readers (blog.links).
    def page_cache_tags(self) -> list[str]:
        return [tag_for(self), "authors"]

    def outbound_link_html(self) -> dict[str, str]:
        return {
            "short_bio": render_markdown(self.short_bio),
            "bio": render_markdown(self.bio),
            "booking_url": url_as_html(self.booking_url, self.booking_label),
            "website": url_as_html(self.website, self.website),
            "social_links": urls_as_html(self.social_links),
        }

    # Every field of a profile that reaches a public page, and how it gets there.
    SCREENED_FIELDS = {
        "name": "text",
        "headline": "text",
        "short_bio": "markdown",
        "bio": "markdown",
        "booking_url": "url",
        "booking_label": "text",
        "website": "url",
        "social_links": "urls",
        **DirectoryFacts.DIRECTORY_SCREENED_FIELDS,
    }

    def clean(self) -> None:
        self.clean_directory_facts()
        # The checks posts get before publishing (the spam blocklist, through
        # the screen blog registers): a profile is public as soon as it is saved.
        if problems := screening.problems_by_field(self, self.SCREENED_FIELDS):
            raise ValidationError(problems)

    @property
    def booking_address(self) -> str:
        """
        Where the booking link may send readers: the stored address, or ""
        when there is none or it is refused now (e.g. its domain was
        blocklisted after it was saved).
        """
        if not self.booking_url or screening.problems(self.booking_url, "url"):
            return ""
        return self.booking_url

    # --- What bylines and profiles show ------------------------------------
    # These read ``self.credentials.all()``, so a page that shows many
    # authors prefetches "credentials" (AuthorQuerySet.with_credentials).
    # A credential is self-declared until an editor verifies it: public pages
    # and structured data read only ``public_credentials``; the admin reads
    # ``credential_list`` and says what awaits verification. They return
    # Credentials (authors.models.credentials, which imports this module).

    @cached_property
    def credential_list(self) -> list[models.Model]:
        # Once per instance: the byline, the verified mark and the structured
        # data of one page all read it.
        return list(self.credentials.all())

    @cached_property
    def public_credentials(self) -> list[models.Model]:
        """What readers see: the credentials an editor verified, in the author's order."""
        return [credential for credential in self.credential_list if credential.is_public]

    @property
    def credential_abbreviations(self) -> str:
        """“MA, MHCI”: the public abbreviations in the author's own order."""
        return ", ".join(credential.abbreviation for credential in self.public_credentials)

    @property
    def verified_credentials(self) -> list[models.Model]:
        """The public credentials that carry the verified mark today (not expired)."""
        return [credential for credential in self.public_credentials if credential.is_verified]

    @property
    def verification_note(self) -> str:
        """
        “Credentials verified by the editors on DATE”, naming only what is
        verified when that is not all that is shown (an expired licence
        stays listed without the mark); empty when nothing is.
        """
        verified = self.verified_credentials
        if not verified:
            return ""
        latest = max(credential.verified_at for credential in verified)
        when = timezone.localtime(latest).strftime("%B %-d, %Y")
        if len(verified) == len(self.public_credentials):
            subject = "Credentials"
        else:
            subject = ", ".join(credential.abbreviation for credential in verified)
        return f"{subject} verified by the editors on {when}"

    @property
    def can_sign_off_clinical_reviews(self) -> bool:
        """Holds a verified, unexpired licence (AuthorQuerySet.clinical_reviewers)."""
        reviewers = type(self).objects.clinical_reviewers()
        return self.pk is not None and reviewers.filter(pk=self.pk).exists()

    @property
    def shows_booking_link(self) -> bool:
        return self.is_active and bool(self.booking_url)

    @property
    def social_link_list(self) -> list[tuple[str, str]]:
        """(label, url) pairs, the label being the site's host name."""
        links = []
        for line in self.social_links.splitlines():
            url = line.strip()
            if url:
                host = urlsplit(url).hostname or url
                links.append((host.removeprefix("www."), url))
        return links

    def get_booking_url(self) -> str:
        return reverse("authors:book", kwargs={"slug": self.slug})

    @property
    def photo_picture(self) -> Picture | None:
        """The photo's responsive renditions (authors/renditions.py)."""
        return picture(self.photo, self.photo_width, self.photo_height)

    # The square photo of each place, as srcset strings ready for the
    # template: a byline is drawn once per card, so it gets plain attributes
    # rather than an include or a tag. Cached: each is read several times.

    @cached_property
    def byline_photo(self) -> Avatar | None:
        return PHOTO_SQUARES.avatar(self.photo, "byline", self.photo_width, self.photo_height)

    @cached_property
    def card_photo(self) -> Avatar | None:
        return PHOTO_SQUARES.avatar(self.photo, "card", self.photo_width, self.photo_height)

    @cached_property
    def profile_photo(self) -> Avatar | None:
        return PHOTO_SQUARES.avatar(self.photo, "profile", self.photo_width, self.photo_height)
