"""
What the site does when its database is unavailable, and how it says so.

- ``healthz``: 200 while the database answers, 503 when it does not, for a
  load balancer or a monitor.
- ``DatabaseUnavailableMiddleware``: a view (public or admin) that fails with
  a connection error or "database is locked" gets a short 503 page with
  ``Retry-After`` instead of a 500, and the broken connection is closed so
  the next request opens a fresh one: the site recovers by itself.
- ``server_error``: the 500 handler; it renders the same 503 page for database
  errors raised outside a view (in middleware), and a plain 500 page
  otherwise. Neither page touches the database or shows a traceback.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger(__name__)

# What "the database is not there right now" looks like from Python: a lost or
# refused connection, a server shutting down, SQLite's "database is locked".
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)

RETRY_AFTER_SECONDS = 30


def _page_context() -> dict:
    # Plain values, not context processors: those may query the database.
    return {"SITE_NAME": settings.SITE_NAME, "SITE_TAGLINE": settings.SITE_TAGLINE}


def _close_broken_connections() -> None:
    """Drop connections that failed, so the next request reconnects."""
    for connection in connections.all(initialized_only=True):
        try:
            if connection.errors_occurred and not connection.is_usable():
                connection.close()
        except DatabaseError:
            pass


def unavailable_response(request: HttpRequest, error: BaseException | None = None) -> HttpResponse:
    """The 503 page: short, in the site's style, with Retry-After."""
    logger.warning(
        "Database unavailable during %s %s: %s", request.method, request.path, error or "-"
    )
    _close_broken_connections()
    html = loader.render_to_string(
        "503.html", {**_page_context(), "retry_after": RETRY_AFTER_SECONDS}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage during a view into the 503 page (see module doc)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE_ERRORS):
            return unavailable_response(request, exception)
        return None


def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database answers a query, 503 when it does not."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unavailable: %s", error)
        _close_broken_connections()
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponse("ok\n", content_type="text/plain")
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page for a database outage, else the plain 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE_ERRORS):
        return unavailable_response(request, error)
    return HttpResponse(loader.render_to_string("500.html", _page_context()), status=500)
