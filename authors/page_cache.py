"""
What the authors' objects mean to the page cache (``core.page_cache``).

Saving or deleting an author bumps every page that shows them (bylines,
cards, the profile) and the author list; a credential bumps its author's
pages (each model declares it: ``page_cache_tags``, acted on by
``core.bumps``). A verified mark also ends by itself when its credential
expires.
"""

from datetime import datetime, timedelta
from datetime import time as dt_time

from django.utils import timezone

from core.page_cache import moment_until_bumped, register_expiry

from .models import Credential

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


def declare() -> None:
    """When pages showing credentials expire (from AuthorsConfig.ready)."""
    register_expiry(CREDENTIALS, next_credential_expiry)
