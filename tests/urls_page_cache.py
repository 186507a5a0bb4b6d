"""Public pages that misuse per-visitor state, to prove the page cache refuses them."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

from core.page_cache import bump, tag_response


def uses_csrf_token(request):
    tag_response(request, "test-page")
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


def uses_csp_nonce(request):
    tag_response(request, "test-page")
    return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')


def sets_cookie(request):
    tag_response(request, "test-page")
    response = HttpResponse("hello")
    response.set_cookie("visitor", "42")
    return response


def changes_while_rendering(request):
    tag_response(request, "test-page")
    bump("test-page")  # another worker saved what this page shows, mid-render
    return HttpResponse("possibly stale")


def plain(request):
    tag_response(request, "test-page")
    return HttpResponse("same for everyone")


urlpatterns = [
    path("t/csrf/", uses_csrf_token),
    path("t/nonce/", uses_csp_nonce),
    path("t/cookie/", sets_cookie),
    path("t/race/", changes_while_rendering),
    path("t/plain/", plain),
    path("", include("config.urls")),
]


def compressed(request):
    tag_response(request, "test-page")
    response = HttpResponse(b"\x1f\x8b not for everyone")
    response["Content-Encoding"] = "gzip"
    return response


urlpatterns.insert(0, path("t/gzip/", compressed))
