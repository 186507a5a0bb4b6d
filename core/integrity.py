"""
Tamper seals: a keyed hash of the fields of a record that reach a page.

Every save through the application (the admin, the demo loader, a restored
revision) stores the seal next to the record. Someone who changes the text
behind the application's back, with a raw SQL ``UPDATE`` or a queryset
``update()`` that skips ``save()``, cannot make the seal match: it is an
HMAC keyed with SECRET_KEY, which the database does not hold.
``manage.py audit_content`` (blog) lists every record whose seal no longer
matches.

A model takes part by listing ``SEALED_FIELDS``, having a ``CharField``
``content_seal`` and calling ``seal(self)`` at the end of ``save()``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django.conf import settings
from django.db import models
from django.utils.crypto import constant_time_compare, salted_hmac

if TYPE_CHECKING:
    from django.db.models.options import Options

_SALT = "common-ground.content-seal"


class Sealed(Protocol):
    """A model instance that takes part (see above)."""

    _meta: ClassVar[Options[Any]]
    content_seal: str
    pk: Any

    @property
    def SEALED_FIELDS(self) -> Sequence[str]: ...


def _payload(obj: Sealed) -> str:
    if not isinstance(obj, models.Model):
        raise TypeError(f"Only model instances are sealed, not {type(obj).__name__}.")
    values = {}
    for name in obj.SEALED_FIELDS:
        field = obj._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise TypeError(f"SEALED_FIELDS names {name!r}, which is not a field of the model.")
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        values[name] = value if value is None else str(value)
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def content_hash(obj: Sealed, secret: str | None = None) -> str:
    """The seal of the fields of ``obj`` that reach pages, as they are now."""
    return salted_hmac(_SALT, _payload(obj), secret=secret, algorithm="sha256").hexdigest()


def seal(obj: Sealed) -> None:
    """
    Store the seal of ``obj`` as saved. Called after the row is written,
    since file fields only get their final (random) name while saving.
    """
    value = content_hash(obj)
    if obj.content_seal != value:
        obj._meta.base_manager.filter(pk=obj.pk).update(content_seal=value)
        obj.content_seal = value


def is_intact(obj: Sealed) -> bool:
    """True when the stored seal matches the stored fields (any current or old key)."""
    if not obj.content_seal:
        return False
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(obj.content_seal, content_hash(obj, key)) for key in keys)
