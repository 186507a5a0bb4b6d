from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve

from blog import views as blog_views
from config import availability

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
    path("admin-tools/markdown/preview/", blog_views.markdown_preview, name="markdown_preview"),
    path("admin-tools/markdown/upload/", blog_views.markdown_image_upload, name="markdown_upload"),
    path("authors/", include("authors.urls")),
    path("comments/", include("comments.urls")),
    path("", include("blog.urls")),
]

handler500 = availability.server_error

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
