"""
Line breaks arrive as the browser sends them and are stored as LF.

The HTML form-submission rules make a browser send every line break in a
textarea as CRLF, whatever the page gave it. Stored as sent, an editor who
opens a post and presses Save without touching it would change its body, its
tamper seal and its history ("Changed body"), and a comment's text would
differ from what the page shows. So every text value of a submitted form is
read with LF line breaks, once, before any form or view sees it; uploaded
files are left as they are.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def lf_line_breaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LineBreaksMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            submitted = request.POST
            if any("\r" in value for _, values in submitted.lists() for value in values):
                normalised = submitted.copy()
                for key, values in submitted.lists():
                    normalised.setlist(key, [lf_line_breaks(value) for value in values])
                normalised._mutable = False
                request.POST = normalised
        return self.get_response(request)
