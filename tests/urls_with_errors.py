"""The site's URLs plus views that fail, for the error-page tests."""

from django.db import OperationalError
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a bug in a view")


def database_locked(request):
    raise OperationalError("database is locked")


urlpatterns = [
    path("fails/", fails),
    path("database-locked/", database_locked),
    *site_urlpatterns,
]
