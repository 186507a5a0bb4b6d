from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self) -> None:
        from authors.renditions import track

        from . import page_cache

        page_cache.connect()
        track(self.get_model("Author"), "photo")
