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


def client_ip(request: HttpRequest) -> str:
    """
    The address failed logins are counted against. Behind a proxy every
    request comes from the proxy, so LOGIN_CLIENT_IP_HEADER names the header
    the proxy overwrites with the real address (nginx:
    ``proxy_set_header X-Real-IP $remote_addr;`` -> ``HTTP_X_REAL_IP``).
    Never a header the client could set itself.
    """
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header and (value := request.META.get(header, "").strip()):
        return value
    return request.META.get("REMOTE_ADDR", "")
