"""
The one way a receiver is connected to a model signal.

Every app connects its receivers from its ``AppConfig.ready()`` through
``connect()`` below, never with ``@receiver`` at import time or with
``Signal.connect`` elsewhere (tests/test_receivers.py holds this). A model
declares what it contributes, and one receiver per concern does the work for
every model that declares it:

====================  ==============================  ================================
concern               a model declares                one receiver, connected by
====================  ==============================  ================================
page cache            ``page_cache_tags()``, and      ``core.bumps`` (CoreConfig)
                      ``page_cache_lists()`` and
                      ``PAGE_CACHE_LIST_FIELDS``
outbound links        ``outbound_link_html()``        ``blog.links`` (BlogConfig)
search index          ``search_document()``           ``blog.search_index`` (BlogConfig)
renditions            ``track(model, field)``         ``core.renditions`` (each app)
redirects             ``redirect_urls()``             ``core.redirects`` (CoreConfig)
media library usage   ``media_in_use()``              ``core.media`` (CoreConfig)
====================  ==============================  ================================
"""

from collections.abc import Callable

from django.apps import apps
from django.db import models
from django.dispatch import Signal

# (signal, sender, dispatch uid) of every receiver connected here, for the tests.
CONNECTED: set[tuple[Signal, type[models.Model] | None, str]] = set()


def connect(
    uid: str, sender: type[models.Model] | None, receivers: dict[Signal, Callable[..., None]]
) -> None:
    """
    Connect each receiver to its signal for ``sender`` (None: whoever sends
    it, for a library's own signals), once (``uid`` and the sender's label
    make the dispatch uid). Called from ``AppConfig.ready()``.
    """
    label = sender._meta.label_lower if sender is not None else "any"
    for signal, receiver in receivers.items():
        dispatch_uid = f"{uid}:{label}"
        signal.connect(receiver, sender=sender, weak=False, dispatch_uid=dispatch_uid)
        CONNECTED.add((signal, sender, dispatch_uid))


def models_declaring(name: str) -> list[type[models.Model]]:
    """Every installed model that declares ``name`` (a method or attribute)."""
    return [model for model in apps.get_models() if hasattr(model, name)]
