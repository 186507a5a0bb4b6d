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

An outage is mailed to ADMINS once per ``OUTAGE_REPORT_SECONDS``, not once
per request (Django would log every 503 as an error, and so mail it).
"""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger(__name__)

# What "the database is not there right now" looks like from Python: a lost or
# refused connection, a server shutting down, SQLite's "database is locked".
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)

RETRY_AFTER_SECONDS = 30
OUTAGE_REPORT_SECONDS = 600
OUTAGE_REPORT_KEY = "availability:outage-reported"


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


def report_outage(request: HttpRequest, error: BaseException | None) -> None:
    """Log every failed request; mail ADMINS (django.request's ERROR) once per interval."""
    logger.warning(
        "Database unavailable during %s %s: %s", request.method, request.path, error or "-"
    )
    try:
        first = cache.add(OUTAGE_REPORT_KEY, True, OUTAGE_REPORT_SECONDS)
    except Exception:  # the cache may be down too: report rather than stay silent
        first = True
    if first:
        logging.getLogger("django.request").error(
            "Database unavailable: %s (visitors get the 503 page; this is reported at most "
            "once every %d minutes)",
            error or "-",
            OUTAGE_REPORT_SECONDS // 60,
            extra={"status_code": 503, "request": request},
        )


def _already_logged(response: HttpResponse) -> HttpResponse:
    # Keeps Django from logging (and mailing) each 503 itself: report_outage did.
    response._has_been_logged = True
    return response


def unavailable_response(request: HttpRequest, error: BaseException | None = None) -> HttpResponse:
    """The 503 page: short, in the site's style, with Retry-After."""
    report_outage(request, error)
    _close_broken_connections()
    html = loader.render_to_string(
        "503.html", {**_page_context(), "retry_after": RETRY_AFTER_SECONDS}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return _already_logged(response)


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
        report_outage(request, error)
        _close_broken_connections()
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        _already_logged(response)
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
