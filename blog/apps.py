from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        # The search index and the outbound-link register follow the posts.
        from . import links, signals  # noqa: F401

        links.connect_signals()
