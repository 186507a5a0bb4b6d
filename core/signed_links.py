"""
Links mailed to a person that carry a signed value (confirm a subscription or
an address, unsubscribe, fetch one's own comments): one way to read them and
one way to say plainly why a link does not work, and that nothing was done.
"""

from datetime import timedelta
from typing import Any

from django.core import signing


class LinkProblem(Exception):
    """A mailed link that does not work; the message says why, for the reader."""


def read_link(
    token: str,
    *,
    salt: str,
    holds: type | tuple[type, ...],
    max_age: timedelta | None = None,
    expired: str = "",
    nothing_done: str = "Nothing was changed.",
) -> Any:
    """
    The value signed into ``token`` with ``salt``, if it is an instance of
    ``holds``, not empty, and younger than ``max_age``; LinkProblem otherwise,
    with ``expired`` (a sentence: how long links work, how to get a new one)
    for a link that only ran out.
    """
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkProblem(f"{expired} {nothing_done}".strip()) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise invalid_link(nothing_done) from None
    if not isinstance(value, holds) or not value:
        raise invalid_link(nothing_done)
    return value


def invalid_link(nothing_done: str = "Nothing was changed.") -> LinkProblem:
    return LinkProblem(
        f"This link is not valid: it may have been cut short or changed. {nothing_done}"
    )
