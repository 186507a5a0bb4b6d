from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from . import dashboard, page_cache

        # A comment's receivers are the page cache's (core) and the link
        # register's (blog), for what Comment declares.
        page_cache.declare()
        # The moderation queue and comments per week on the admin's front page.
        dashboard.register()
