"""
The therapist directory: the lists editors keep (focus areas, approaches,
languages), the facts each author keeps in her own profile (``DirectoryFacts``,
which ``Author`` inherits), and the QuerySet vocabulary the directory's filters
and a post's "Therapists who work with…" are written in (``DirectoryQuerySet``).

Where an author may practise is never typed in the profile: it is the
jurisdiction of her licences that an editor verified and that have not
expired (``licensed_in``), so an expired licence stops counting by itself.
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, Exists, F, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

# An author ticks "accepting new clients" again at least this often, or the
# directory says her availability was not confirmed recently.
AVAILABILITY_FRESH_DAYS = 90

# What pages showing the editor-kept lists' names declare; saving a term bumps it.
DIRECTORY_TERMS = "directory-terms"


class DirectoryTerm(models.Model):
    """One entry of a list editors keep; its slug is the directory's filter value."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    # The query parameter of the directory that filters on this kind of term.
    PARAMETER = ""

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The directory, filtered on this term."""
        return f"{reverse('authors:list')}?{self.PARAMETER}={self.slug}"

    # The page cache (core.bumps): the directory, profiles and post pages show the names.
    def page_cache_tags(self) -> list[str]:
        return ["authors", DIRECTORY_TERMS]


class FocusArea(DirectoryTerm):
    """What a therapist works with: anxiety, couples, grief…"""

    PARAMETER = "focus"

    class Meta(DirectoryTerm.Meta):
        verbose_name = "focus area"


class Approach(DirectoryTerm):
    """How a therapist works: EFT, Gottman, CBT…"""

    PARAMETER = "approach"

    class Meta(DirectoryTerm.Meta):
        verbose_name_plural = "approaches"


class Language(DirectoryTerm):
    """A language sessions are held in, known by its ISO 639-1 code (``es``)."""

    slug = models.SlugField(
        "ISO 639 code", max_length=80, unique=True, help_text="The ISO 639-1 code, e.g. “es”."
    )

    PARAMETER = "language"

    class Meta(DirectoryTerm.Meta):
        pass


class DirectoryQuerySet(models.QuerySet):
    """The directory's vocabulary, mixed into AuthorQuerySet."""

    def licensed_in(self, jurisdiction: str) -> "DirectoryQuerySet":
        """
        Authors holding a licence for ``jurisdiction`` (any case) that an
        editor verified and that has not expired today: no job needs to run
        when it expires.
        """
        # Credential is named through the relation: its module imports profiles.
        credential = self.model._meta.get_field("credentials").related_model
        licences = credential.objects.verified().filter(
            kind=credential.Kind.LICENCE, jurisdiction__iexact=jurisdiction.strip()
        )
        return self.filter(pk__in=licences.values("author_id"))

    def matching(
        self,
        *,
        focus: str = "",
        approach: str = "",
        language: str = "",
        format: str = "",
        jurisdiction: str = "",
        accepting: bool = False,
    ) -> "DirectoryQuerySet":
        """
        The directory's filters (authors.directory); an empty one is "any",
        and so is a focus area, approach or language the site does not have
        (a link to one an editor removed still works). Term filters go through
        subqueries, so that counting on a relation afterwards never joins it twice.
        """
        queryset = self
        for relation, slug in [
            ("focus_areas", focus),
            ("approaches", approach),
            ("languages", language),
        ]:
            if slug:
                having = self.model.objects.filter(**{f"{relation}__slug": slug})
                term = self.model._meta.get_field(relation).related_model
                queryset = queryset.filter(
                    Q(pk__in=having.values("pk")) | ~Exists(term.objects.filter(slug=slug))
                )
        if format:
            queryset = queryset.offering(format)
        if jurisdiction:
            queryset = queryset.licensed_in(jurisdiction)
        if accepting:
            queryset = queryset.accepting_clients()
        return queryset

    def accepting_clients(self) -> "DirectoryQuerySet":
        """Accepting new clients, confirmed within the last 90 days."""
        return self.filter(
            accepting_clients=True, accepting_confirmed_on__gte=availability_fresh_since()
        )

    def offering(self, session_format: str) -> "DirectoryQuerySet":
        """``in-person`` or ``online`` sessions (DirectoryFacts.FORMATS)."""
        return self.filter(**{DirectoryFacts.FORMATS[session_format][1]: True})

    def suggested_for(
        self, focus_area_ids: list[int], jurisdiction: str = "", limit: int = 3
    ) -> "DirectoryQuerySet":
        """
        Under a post about these focus areas: active authors accepting new
        clients who work with them, licensed in ``jurisdiction`` if given;
        those sharing the most focus areas first, then by name, so every
        visitor of the same address sees the same ones.
        """
        queryset = self.filter(is_active=True).accepting_clients()
        if jurisdiction:
            queryset = queryset.licensed_in(jurisdiction)
        return (
            queryset.filter(focus_areas__in=focus_area_ids)
            .annotate(shared=models.Count("focus_areas", distinct=True))
            .order_by("-shared", "name")[:limit]
        )

    def with_directory_facts(self) -> "DirectoryQuerySet":
        """
        The credentials a directory entry shows, in one more query however
        many authors; their lists' terms come with ``attach_directory_terms``.
        """
        return self.prefetch_related("credentials")


TERM_MODELS: dict[str, type[DirectoryTerm]] = {
    model.PARAMETER: model for model in (FocusArea, Approach, Language)
}


def attach_directory_terms(authors: list["DirectoryFacts"]) -> None:
    """
    Every author's focus areas, approaches and languages, by name, in one
    query for them all (three prefetches would be three): read through
    ``DirectoryFacts.directory_terms``.
    """
    by_author: dict[int, dict[str, list[DirectoryTerm]]] = {
        author.pk: {parameter: [] for parameter in TERM_MODELS} for author in authors
    }
    if not by_author or None in by_author:  # nothing to read, or an unsaved author
        for author in authors:
            author.__dict__["directory_terms"] = by_author[author.pk]
        return
    parts = [
        model.objects.filter(authors__in=list(by_author))
        .annotate(kind=Value(parameter, output_field=CharField()), author=F("authors"))
        .values_list("kind", "author", "pk", "slug", "name")
        .order_by()
        for parameter, model in TERM_MODELS.items()
    ]
    for kind, author_pk, pk, slug, name in parts[0].union(*parts[1:], all=True).order_by("name"):
        by_author[author_pk][kind].append(TERM_MODELS[kind](pk=pk, slug=slug, name=name))
    for author in authors:
        author.__dict__["directory_terms"] = by_author[author.pk]


def availability_fresh_since() -> date:
    """The oldest confirmation date that still counts today."""
    return timezone.localdate() - timedelta(days=AVAILABILITY_FRESH_DAYS)


class DirectoryFacts(models.Model):
    """What an author says about her practice, kept in her own profile."""

    # Filter value -> (label, field).
    FORMATS = {
        "in-person": ("In person", "offers_in_person"),
        "online": ("Online", "offers_online"),
    }

    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="authors", help_text="What you work with."
    )
    approaches = models.ManyToManyField(
        Approach, blank=True, related_name="authors", help_text="How you work."
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="authors", help_text="Languages you hold sessions in."
    )
    offers_in_person = models.BooleanField("in-person sessions", default=False)
    in_person_location = models.CharField(
        "city or region",
        max_length=120,
        blank=True,
        help_text="Where you see clients in person, e.g. “Portland, Oregon”.",
    )
    offers_online = models.BooleanField("online sessions", default=False)
    accepting_clients = models.BooleanField(
        "accepting new clients",
        default=False,
        help_text="Saving your profile with this ticked confirms it for another 90 days.",
    )
    accepting_confirmed_on = models.DateField(
        "availability last confirmed", null=True, blank=True, editable=False
    )
    fees = models.CharField(
        max_length=80, blank=True, help_text="Short, e.g. “$120–$180 per 50-minute session”."
    )
    payment_options = models.CharField(
        "sliding scale or insurance",
        max_length=160,
        blank=True,
        help_text="Short, e.g. “Sliding scale available; in network with Aetna”.",
    )

    # The profile's directory fields that reach a page, screened like the rest of it.
    DIRECTORY_SCREENED_FIELDS = {
        "in_person_location": "text",
        "fees": "text",
        "payment_options": "text",
    }

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(offers_in_person=False) | ~Q(in_person_location=""),
                name="in_person_sessions_have_a_place",
                violation_error_message="Say where you see clients in person.",
            ),
        ]

    def clean_directory_facts(self) -> None:
        if self.offers_in_person and not self.in_person_location.strip():
            raise ValidationError({"in_person_location": "Say where you see clients in person."})

    def confirm_availability(self) -> None:
        """Ticked and saved by a person: confirmed today (unticked keeps the last date)."""
        if self.accepting_clients:
            self.accepting_confirmed_on = timezone.localdate()

    @cached_property
    def directory_terms(self) -> dict[str, list[DirectoryTerm]]:
        """``{"focus": [...], "approach": [...], "language": [...]}``, each by name."""
        attach_directory_terms([self])
        return self.__dict__["directory_terms"]

    @property
    def availability_is_fresh(self) -> bool:
        confirmed = self.accepting_confirmed_on
        return confirmed is not None and confirmed >= availability_fresh_since()

    @property
    def availability(self) -> str:
        """What the directory and the profile say about taking new clients."""
        if not self.accepting_clients:
            return "Not accepting new clients"
        if not self.availability_is_fresh:
            return "Availability not confirmed recently"
        return "Accepting new clients"

    @property
    def availability_lapses_at(self) -> datetime | None:
        """When a fresh "accepting" turns into "not confirmed recently" (pages end then)."""
        if not (self.accepting_clients and self.availability_is_fresh):
            return None
        day = self.accepting_confirmed_on + timedelta(days=AVAILABILITY_FRESH_DAYS + 1)
        return timezone.make_aware(datetime.combine(day, time.min))

    @property
    def session_formats(self) -> list[str]:
        """“In person (Portland, Oregon)”, “Online”."""
        formats = []
        if self.offers_in_person:
            formats.append(f"In person ({self.in_person_location})")
        if self.offers_online:
            formats.append("Online")
        return formats

    # Read from prefetched credentials (DirectoryQuerySet.with_directory_facts).
    @property
    def licensed_jurisdictions(self) -> list[str]:
        """Where her verified, unexpired licences let her practise, as typed, in order."""
        places: list[str] = []
        for credential in self.verified_credentials:
            place = credential.jurisdiction.strip()
            # Credential.Kind.LICENCE (credentials.py imports this module's importer).
            if credential.kind == "licence" and place and place not in places:
                places.append(place)
        return places
