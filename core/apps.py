from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    """
    What every app shares, and nothing about authors, posts or comments: the
    sanitising Markdown function, the image gate and renditions, the page
    cache, content seals, revisions in the admin, link reading and phrase
    matching, backups, redirects that keep old addresses working, and every
    email on the task queue (``core.outbox``). Its models are ``Redirect``,
    ``OutgoingMail`` and the media library's ``MediaItem`` and ``MediaUsage``;
    each app above it plugs in.
    """

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import bumps, media, redirects

        # The page cache's one receiver, for every model that declares its tags.
        bumps.connect_receivers()
        # The redirects' one receiver, for every model that declares redirect_urls().
        redirects.connect_receivers()
        # The media library: renditions of its items, and where each is used.
        media.connect_receivers()
        if apps.is_installed("anymail"):
            # Only with a mail provider configured: anymail is not always installed.
            from . import mail_provider

            mail_provider.connect_receivers()
