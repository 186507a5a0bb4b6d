from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from core import screening
        from core.renditions import track

        from . import blocklist, dashboard, links, newsletter_sending, page_cache, search_index

        # The outbound-link register follows every model that declares its
        # links (posts, profiles, comments), the search index the posts; the
        # page cache bumps what each model declares (core.bumps); renditions
        # follow the featured image.
        links.connect_receivers()
        search_index.connect_receivers()
        page_cache.declare()
        # Profiles and credentials get the blocklist posts get (authors cannot import blog).
        screening.register(blocklist.blocklist_problems)
        track(self.get_model("Post"), "featured_image")
        # The editors' desk and the authors' posts on the admin's front page.
        dashboard.register()
        # A post first published with "Email this post to subscribers" makes
        # its send; a recipient refused for good is marked bounced.
        newsletter_sending.connect_receivers()
