"""
/preview/<token>/: a post not yet public, shown to whoever holds a preview link.

The page is the post page itself (the same view code and template, with
``preview_link`` in its context), never stored by the page cache or any
fragment cache, never indexed, without comments.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .models import PreviewLink
from .views import PostDetailView

ROBOTS = "noindex, nofollow"


def _private(response: HttpResponse) -> HttpResponse:
    # Never kept by a browser or a shared cache, never indexed or followed.
    add_never_cache_headers(response)
    response.headers["X-Robots-Tag"] = ROBOTS
    return response


class PreviewLinkView(PostDetailView):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        link = PreviewLink.objects.from_token(kwargs["token"])
        if link is None:
            raise Http404("No such preview link.")
        if not link.is_active:
            return _private(render(request, "blog/preview_gone.html", {"link": link}, status=410))
        post = link.post_to_show()
        if public_url := link.public_url_instead(post):
            return _private(HttpResponseRedirect(public_url))
        link.record_opening(request.user)
        self.preview_link = link
        self.object = post
        return self.render_to_response(self.get_context_data(object=post))

    def is_public_page(self) -> bool:
        # Whatever the post's state: a preview never declares cache tags, so
        # neither the page nor its fragments are shared with anyone.
        return False

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview_link=self.preview_link, **kwargs)

    def render_to_response(self, context, **kwargs) -> HttpResponse:
        return _private(super().render_to_response(context, **kwargs))
