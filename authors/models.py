from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField

from core import screening
from core.images import CleanImageField
from core.integrity import seal
from core.links import url_as_html, urls_as_html
from core.markdown import render_markdown
from core.page_cache import tag_for
from core.renditions import Avatar, Picture, Squares, picture

# Where a photo is shown, at which CSS size, up to which screen density; the
# square crops for all of them are made once when the photo is saved
# (authors.apps tracks them) and named from it, so pages build their srcset
# without opening a file. The profile is the one large, above-the-fold photo:
# 3x phones get a sharp 480 px one there.
PHOTO_SQUARES = Squares({"byline": (48, 2), "card": (96, 2), "profile": (160, 3)})

EXPIRY_WARNING_DAYS = 60

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


class AuthorQuerySet(models.QuerySet):
    def active(self) -> "AuthorQuerySet":
        return self.filter(is_active=True)

    def with_credentials(self) -> "AuthorQuerySet":
        """Authors with their credentials in one more query, whatever their number."""
        return self.prefetch_related("credentials")

    def editable_by(self, user) -> "AuthorQuerySet":
        """Every profile for editors; an author's own profile for everyone else."""
        if user.has_perm("authors.edit_any_author"):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Author(models.Model):
    """A person who writes for the site; guest authors have no login."""

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
    ]  # fmt: skip

    class Meta:
        ordering = ["name"]
        permissions = [("edit_any_author", "Can edit every author's profile")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
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
    }

    def clean(self) -> None:
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
    # ``credential_list`` and says what awaits verification.

    @cached_property
    def credential_list(self) -> list["Credential"]:
        # Once per instance: the byline, the verified mark and the structured
        # data of one page all read it.
        return list(self.credentials.all())

    @cached_property
    def public_credentials(self) -> list["Credential"]:
        """What readers see: the credentials an editor verified, in the author's order."""
        return [credential for credential in self.credential_list if credential.is_public]

    @property
    def credential_abbreviations(self) -> str:
        """“MA, MHCI”: the public abbreviations in the author's own order."""
        return ", ".join(credential.abbreviation for credential in self.public_credentials)

    @property
    def verified_credentials(self) -> list["Credential"]:
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


class CredentialQuerySet(models.QuerySet):
    def public(self) -> "CredentialQuerySet":
        """What readers may see: verified by an editor (expired ones stay, without the mark)."""
        return self.filter(verified=True)

    def awaiting_verification(self) -> "CredentialQuerySet":
        return self.filter(verified=False)

    def verified(self) -> "CredentialQuerySet":
        """Verified and not expired: what carries the verified mark on the site."""
        today = timezone.localdate()
        return self.filter(verified=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )

    def expired(self) -> "CredentialQuerySet":
        return self.filter(expires_on__lt=timezone.localdate())

    def expiring_within(self, days: int = EXPIRY_WARNING_DAYS) -> "CredentialQuerySet":
        today = timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


class Credential(models.Model):
    """One degree, licence or certification, shown by its abbreviation in the byline."""

    class Kind(models.TextChoices):
        DEGREE = "degree", "Degree"
        LICENCE = "licence", "Licence"
        CERTIFICATION = "certification", "Certification"

    # Changing any of these by anyone but a verifying editor clears the verification.
    TEXT_FIELDS = (
        "abbreviation",
        "title",
        "kind",
        "issuer",
        "jurisdiction",
        "licence_number",
        "expires_on",
    )

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="credentials")
    abbreviation = models.CharField(max_length=20, help_text="As in the byline, e.g. “LMFT”.")
    title = models.CharField(
        "full title", max_length=200, help_text="E.g. “Licensed Marriage and Family Therapist”."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.DEGREE)
    issuer = models.CharField(
        "issuing body", max_length=200, blank=True, help_text="Optional, e.g. the university."
    )
    jurisdiction = models.CharField(
        max_length=120, blank=True, help_text="Optional, e.g. “Oregon” for a state licence."
    )
    licence_number = models.CharField(max_length=60, blank=True)
    expires_on = models.DateField("expiry date", null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in the byline."
    )
    verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["author", "position", "pk"]
        indexes = [models.Index(fields=["expires_on"])]
        permissions = [("verify_credential", "Can verify credentials")]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified=False) | Q(verified_at__isnull=False),
                name="verified_credential_has_date",
                violation_error_message="A verified credential needs a verification date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.abbreviation} ({self.title})"

    def save(self, *args, **kwargs) -> None:
        # An edit nobody re-verified in this same save (mark_verified) was
        # not checked by the editors: it loses its mark.
        re_verified = getattr(self, "_loaded", {}).get("verified_at") != self.verified_at
        if self.pk and self.text_changed() and not re_verified:
            self.clear_verification()
        if not self.verified:
            self.verified_by = None
            self.verified_at = None
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name) for name in (*self.TEXT_FIELDS, "verified_at")}

    def get_absolute_url(self) -> str:
        return self.author.get_absolute_url() + "#credentials"

    # The page cache (core.bumps): a credential shows in every byline of its
    # author, and its verified mark on every page showing "credentials".
    def page_cache_tags(self) -> list[str]:
        return [f"author:{self.author_id}", "credentials"]

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded = {
            name: getattr(instance, name)
            for name in (*cls.TEXT_FIELDS, "verified_at")
            if name in field_names
        }
        return instance

    # What the byline and profile show of a credential.
    SCREENED_FIELDS = {
        "abbreviation": "text",
        "title": "text",
        "issuer": "text",
        "jurisdiction": "text",
        "licence_number": "text",
    }

    def clean(self) -> None:
        if "," in self.abbreviation:
            raise ValidationError(
                {"abbreviation": "One abbreviation per credential: add another for the next one."}
            )
        if problems := screening.problems_by_field(self, self.SCREENED_FIELDS):
            raise ValidationError(problems)

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_public(self) -> bool:
        """
        Whether readers see it at all. Authors declare their credentials
        themselves, so none reaches a page or the structured data before an
        editor has verified it. A verified one that expired stays listed
        (the licence was real) but loses its verified mark (``is_verified``).
        """
        return self.verified and self.verified_at is not None

    @property
    def is_verified(self) -> bool:
        """Whether the site shows the verified mark: an expired credential loses it by itself."""
        return self.verified and self.verified_at is not None and not self.is_expired

    def text_changed(self) -> bool:
        loaded = getattr(self, "_loaded", None)
        if not loaded:
            return False
        return any(
            name in loaded and getattr(self, name) != loaded[name] for name in self.TEXT_FIELDS
        )

    def mark_verified(self, user) -> None:
        self.verified = True
        self.verified_by = user
        self.verified_at = timezone.now()

    def clear_verification(self) -> None:
        self.verified = False
        self.verified_by = None
        self.verified_at = None


class BookingClick(models.Model):
    """
    One counted click on a booking link: which author, from which post (or
    from the profile, the author list or elsewhere), and when. A reader
    clicking again within half an hour is not counted again
    (authors.booking); to know her, the click keeps a keyed hash of her
    address and browser for those 30 minutes only, then forgets it.
    """

    class Source(models.TextChoices):
        POST = "post", "Posts"
        PROFILE = "profile", "Profile"
        AUTHOR_LIST = "list", "Author list"
        ELSEWHERE = "elsewhere", "Elsewhere"

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="booking_clicks")
    # The post's primary key, not a foreign key: authors cannot depend on blog.
    post_pk = models.PositiveBigIntegerField("post", null=True, blank=True)
    source = models.CharField(
        max_length=10, choices=Source, default=Source.ELSEWHERE, editable=False
    )
    # HMAC (SECRET_KEY) of address and user agent; emptied after 30 minutes.
    visitor = models.CharField(max_length=64, blank=True, default="", editable=False)
    clicked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-clicked_at"]
        indexes = [
            models.Index(fields=["author", "clicked_at"]),
            # The few clicks whose visitor hash is still kept (the last 30 minutes).
            models.Index(
                fields=["clicked_at"], condition=~Q(visitor=""), name="bookingclick_visitor_kept"
            ),
        ]

    def __str__(self) -> str:
        return f"Booking click for {self.author} at {self.clicked_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return self.author.get_absolute_url()
