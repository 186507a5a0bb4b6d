from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve

from blog.feeds import AuthorAtomFeed, AuthorFeed
from blog.sitemaps import SITEMAPS
from config import availability
from core import views as core_views

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Publishing"


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Resolved per request: the fingerprinted name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", availability.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that do not name an icon (the admin).
    path("favicon.ico", favicon),
    # django-markdownx's own endpoints answer anyone and store any file; the
    # editor calls these staff-only ones instead (MARKDOWNX_*_URLS_PATH).
    path("admin-tools/markdown/preview/", core_views.markdown_preview, name="markdown_preview"),
    path("admin-tools/markdown/upload/", core_views.markdown_image_upload, name="markdown_upload"),
    path("admin-tools/media/choose/", core_views.media_chooser, name="media_chooser"),
    # Search engines and feed readers (issue 5). The author feed is blog's
    # (authors may not import blog), so it comes before the authors URLs.
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("authors/<slug:slug>/feed/", AuthorFeed(), name="author_feed"),
    path("authors/<slug:slug>/feed/atom/", AuthorAtomFeed(), name="author_feed_atom"),
    path("authors/", include("authors.urls")),
    path("comments/", include("comments.urls")),
    path("", include("blog.urls")),
]


def media(request: HttpRequest, path: str) -> HttpResponse:
    # MEDIA_ROOT read per request, so a changed setting (tests) is honoured.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


handler500 = availability.server_error

if apps.is_installed("anymail"):
    # A mail provider's webhooks (core/mail_provider.py); anymail checks each call.
    urlpatterns += [path("anymail/", include("anymail.urls"))]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", media),
    ]

handler404 = "blog.views.page_not_found"
