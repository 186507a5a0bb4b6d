from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self) -> None:
        from core.renditions import WIDTHS_KIND, track

        from . import dashboard, page_cache
        from .models import PHOTO_SQUARES

        # Saving an author or credential bumps what they declare (core.bumps).
        page_cache.declare()
        track(self.get_model("Author"), "photo", WIDTHS_KIND, PHOTO_SQUARES)
        # Credentials and booking clicks on the admin's front page (core.dashboard).
        dashboard.register()
