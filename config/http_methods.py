"""
Only the methods the site answers reach a view.

Function views answer any method they do not check, so ``TRACE /`` rendered
the home page and ``PROPFIND`` an author's profile. No view here needs more
than GET, HEAD and POST; everything else (TRACE, PUT, WebDAV verbs, made-up
ones) is a 405 naming those three, on every URL, before any view runs.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)
