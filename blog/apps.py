from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from authors.renditions import track

        from . import page_cache

        page_cache.connect()
        track(self.get_model("Post"), "featured_image")
