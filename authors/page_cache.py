"""
What the authors' objects mean to the page cache (``core.page_cache``).

Saving or deleting an author bumps every page that shows them (bylines,
cards, the profile) and the author list; a credential bumps its author's
pages. A verified mark also ends by itself when its credential expires.
"""

from datetime import datetime, timedelta
from datetime import time as dt_time

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core.page_cache import bump_on_commit, moment_until_bumped, register_expiry, tag_for

from .models import Author, Credential

# --- Credentials that expire ---------------------------------------------------

# Every page showing a credential's verified mark declares this tag: the mark
# goes away by itself when the credential expires, without a save.
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


# --- What saving an author bumps ---------------------------------------------


def _author_changed(sender, instance, **kwargs) -> None:
    # "authors": the list of authors; "author:<pk>": every byline, card and
    # profile showing this author.
    bump_on_commit(tag_for(instance), "authors")


def _credential_changed(sender, instance, **kwargs) -> None:
    bump_on_commit(f"author:{instance.author_id}", CREDENTIALS)


def connect() -> None:
    """Connect the receivers (from AuthorsConfig.ready)."""
    post_save.connect(_author_changed, sender=Author, dispatch_uid="page_cache_author_saved")
    post_delete.connect(_author_changed, sender=Author, dispatch_uid="page_cache_author_deleted")
    # Credentials show in every byline of their author.
    post_save.connect(_credential_changed, sender=Credential, dispatch_uid="page_cache_cred_saved")
    post_delete.connect(_credential_changed, sender=Credential, dispatch_uid="page_cache_cred_del")
    register_expiry(CREDENTIALS, next_credential_expiry)
