from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from core import screening
        from core.renditions import track

        # The search index, the outbound-link register and the page cache
        # follow the posts; renditions follow the featured image.
        from . import blocklist, links, page_cache, signals  # noqa: F401

        links.connect_signals()
        # Profiles and credentials get the blocklist posts get (authors cannot import blog).
        screening.register(blocklist.blocklist_problems)
        page_cache.connect()
        track(self.get_model("Post"), "featured_image")
