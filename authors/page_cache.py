"""
What the authors' objects mean to the page cache (``core.page_cache``).

Saving or deleting an author bumps every page that shows them (bylines,
cards, the profile) and the author list; a credential bumps its author's
pages (each model declares it: ``page_cache_tags``, acted on by
``core.bumps``). A verified mark also ends by itself when its credential
expires, and "accepting new clients" 90 days after it was last confirmed.
The directory's pages differ by its filters' query parameters.
"""

from datetime import datetime, timedelta
from datetime import time as dt_time

from django.utils import timezone

from core.page_cache import key_on_query_parameters, moment_until_bumped, register_expiry

from .directory import DirectoryFilters
from .models import AVAILABILITY_FRESH_DAYS, Author, Credential

# --- Credentials that expire ---------------------------------------------------

# Every page showing a credential's verified mark declares this tag
# (Credential.page_cache_tags bumps it): the mark goes away by itself when
# the credential expires, without a save.
CREDENTIALS = "credentials"


def next_credential_expiry() -> datetime | None:
    """When the next verified credential loses its mark (local midnight after its expiry date)."""

    def compute() -> datetime | None:
        day = (
            Credential.objects.filter(verified=True, expires_on__gte=timezone.localdate())
            .order_by("expires_on")
            .values_list("expires_on", flat=True)
            .first()
        )
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day + timedelta(days=1), dt_time.min))

    # Every credential save bumps "credentials".
    return moment_until_bumped("next-expiry", CREDENTIALS, compute)


# --- Availability that goes stale ----------------------------------------------

# Every page that says who accepts new clients, or filters on it, declares
# this tag: "accepting" turns into "not confirmed recently" 90 days after
# the author last confirmed it, without a save. Saving an author bumps
# "authors", which the moment is computed from.
AVAILABILITY = "availability"


def next_availability_lapse() -> datetime | None:
    """When the next fresh "accepting new clients" stops counting (local midnight)."""

    def compute() -> datetime | None:
        oldest = (
            Author.objects.active()
            .accepting_clients()
            .order_by("accepting_confirmed_on")
            .values_list("accepting_confirmed_on", flat=True)
            .first()
        )
        if oldest is None:
            return None
        day = oldest + timedelta(days=AVAILABILITY_FRESH_DAYS + 1)
        return timezone.make_aware(datetime.combine(day, dt_time.min))

    return moment_until_bumped("next-availability-lapse", "authors", compute)


def declare() -> None:
    """
    When pages showing credentials or availability expire, and the
    directory's filters that pages differ by (from AuthorsConfig.ready).
    """
    register_expiry(CREDENTIALS, next_credential_expiry)
    register_expiry(AVAILABILITY, next_availability_lapse)
    key_on_query_parameters(*DirectoryFilters.PARAMETERS)
