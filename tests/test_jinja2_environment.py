"""The Jinja2 environment of the public pages (config/jinja2.py): what its helpers promise."""

from django.http import HttpResponse
from django.urls import include, path, set_script_prefix

from config.jinja2 import url


def _view(request):
    return HttpResponse("")


# This module is also a URLconf: the blog's list at another address.
urlpatterns = [path("moved/", include(([path("", _view, name="post_list")], "blog")))]


def test_url_answers_for_the_urlconf_in_force_not_the_first_one_asked(settings):
    assert url("blog:post_list") == "/"
    settings.ROOT_URLCONF = __name__
    assert url("blog:post_list") == "/moved/"


def test_url_answers_under_the_script_prefix_in_force():
    assert url("blog:post_detail", "trust") == "/blog/trust/"
    set_script_prefix("/site/")
    try:
        assert url("blog:post_detail", "trust") == "/site/blog/trust/"
    finally:
        set_script_prefix("/")
