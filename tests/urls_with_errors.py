"""The site's URLs plus one view that fails, for the error-reporting tests."""

from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fails/", fails), *site_urlpatterns]
