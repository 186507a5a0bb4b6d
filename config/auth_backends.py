"""
Login throttling in front of Django's own authentication.

django-axes' backend refuses to run without the request, because the
request carries the IP address it throttles by. Every login over HTTP (the
admin's login form, any LoginView) passes the request. Only code inside the
process calls ``authenticate()`` without one (``manage.py shell``, the test
client's ``login()``): there is no address to throttle and no attacker on
the other end, so this backend steps aside and lets ModelBackend decide.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The page a locked-out login gets: in the site's style, saying what to do."""
    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    return render(request, "registration/lockout.html", context, status=429)
