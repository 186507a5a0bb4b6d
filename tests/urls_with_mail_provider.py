"""The site's URLs with a mail provider's webhooks mounted, as MAIL_PROVIDER does."""

from django.urls import include, path

urlpatterns = [
    path("anymail/", include("anymail.urls")),
    path("", include("config.urls")),
]
