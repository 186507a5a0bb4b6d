"""
The authors app's models, one module per job: the author's profile
(``profiles``), its directory facts and the lists editors keep for them
(``directory``), the credentials editors verify (``credentials``) and the
counted clicks on booking links (``booking_clicks``). Everything is imported
from here (``from authors.models import Author``), as from any app's models
module; migrations name ``authors.models.validate_https_lines``.
"""

from .booking_clicks import BookingClick
from .credentials import EXPIRY_WARNING_DAYS, Credential, CredentialQuerySet
from .directory import (
    AVAILABILITY_FRESH_DAYS,
    DIRECTORY_TERMS,
    Approach,
    FocusArea,
    Language,
)
from .profiles import (
    PHOTO_SQUARES,
    Author,
    AuthorQuerySet,
    https_only,
    validate_https_lines,
)

__all__ = [
    "AVAILABILITY_FRESH_DAYS",
    "DIRECTORY_TERMS",
    "Approach",
    "FocusArea",
    "Language",
    "EXPIRY_WARNING_DAYS",
    "PHOTO_SQUARES",
    "Author",
    "AuthorQuerySet",
    "BookingClick",
    "Credential",
    "CredentialQuerySet",
    "https_only",
    "validate_https_lines",
]
