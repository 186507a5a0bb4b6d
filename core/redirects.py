"""
Old links keep working: the redirects' middleware and their one receiver.

Serving. ``RedirectFallbackMiddleware`` acts only where the site has nothing
to show: a view that raises ``Http404`` (caught before the 404 page is
rendered, so a redirected request costs the view's lookup, the redirect's and
the hit counter's UPDATE) or any other 404 response (a path no URL pattern
matches, such as an imported WordPress permalink). A live page therefore
always wins over a redirect from its address. GET and HEAD only; the reader's
query string is kept. WordPress's short links (``/?p=123``, imported by
``import_wordpress``) are the one case looked up first: the home page
answers every query, so they would never be a 404. 404s are never stored in the page cache
(``core.page_cache_rules._storable``), so a redirect added later is served at
once; a page that was cached at the old address is bumped by the save that
moved it (``core.bumps``), so its copy is never served again.

Writing. A model whose pages move with a field (a slug) declares the
addresses readers may have kept::

    def redirect_urls(self) -> list[str]:
        # [] while nobody outside can have them (a draft, an inactive profile)
        return [self.get_absolute_url(), ...] if self.is_public else []

and the one receiver below, connected for every model that declares it, reads
the stored row's addresses before a save and compares them after it: each
address that changed leaves a permanent redirect to its new form (chains
collapsed to one hop), and an address the object now answers at loses any
redirect that left from it (a reused slug wins). Deleting an object writes
nothing: there is nowhere to send its readers.
"""

import logging
from collections.abc import Callable

from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.http import Http404, HttpRequest, HttpResponse

from .models import Redirect
from .receivers import connect, models_declaring
from .redirect_paths import RedirectPathError, short_link

logger = logging.getLogger(__name__)

_LOOKED_UP = "_redirect_looked_up"
_OLD_URLS = "_redirect_old_urls"


class RedirectFallbackMiddleware:
    """Answer a 404 from an address with a redirect with that redirect (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/" and request.method in ("GET", "HEAD"):
            if (short := short_link(request.META.get("QUERY_STRING", ""))) and (
                redirect := Redirect.objects.filter(old_path=short).first()
            ):
                Redirect.objects.count_hit(redirect)
                return redirect.response()
        response = self.get_response(request)
        if response.status_code == 404 and not getattr(request, _LOOKED_UP, False):
            return self._redirect(request) or response
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return self._redirect(request)
        return None

    @staticmethod
    def _redirect(request: HttpRequest) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD"):
            return None
        setattr(request, _LOOKED_UP, True)
        redirect = Redirect.objects.for_request_path(request.path)
        if redirect is None:
            return None
        Redirect.objects.count_hit(redirect)
        return redirect.response(request.META.get("QUERY_STRING", ""))


def _remember_urls(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    old_urls: list[str] = []
    if not raw and not instance._state.adding and instance.pk is not None:
        stored = sender._base_manager.filter(pk=instance.pk).first()
        if stored is not None:
            old_urls = list(stored.redirect_urls())  # type: ignore[attr-defined]
    instance.__dict__[_OLD_URLS] = old_urls


def _saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    old_urls = instance.__dict__.pop(_OLD_URLS, [])
    if raw:
        return
    new_urls = list(instance.redirect_urls())  # type: ignore[attr-defined]
    fresh = [url for url in new_urls if url not in old_urls]
    if fresh:
        Redirect.objects.vacate(*fresh)
    for old, new in zip(old_urls, new_urls, strict=False):
        if old != new:
            try:
                Redirect.objects.record_move(old, new)
            except RedirectPathError:
                # Bookkeeping never costs the save; the address is logged for the editors.
                logger.warning("No redirect from %s to %s: not a path", old, new, exc_info=True)


def connect_receivers() -> None:
    """Follow every model that declares ``redirect_urls()`` (from CoreConfig.ready)."""
    for model in models_declaring("redirect_urls"):
        connect("redirects", model, {pre_save: _remember_urls, post_save: _saved})
