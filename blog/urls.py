from django.urls import path

from . import feeds, newsletter_views, preview_views, views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("blog/category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("blog/category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path(
        "blog/category/<slug:slug>/feed/atom/",
        feeds.CategoryAtomFeed(),
        name="category_feed_atom",
    ),
    path("blog/tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("blog/tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("blog/tag/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("blog/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("newsletter/", newsletter_views.subscribe, name="newsletter"),
    path("newsletter/token/", newsletter_views.form_token, name="newsletter_token"),
    path(
        "newsletter/check-your-inbox/",
        newsletter_views.check_inbox,
        name="newsletter_check_inbox",
    ),
    path("newsletter/confirm/<str:token>/", newsletter_views.confirm, name="newsletter_confirm"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletter_views.unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path(
        "newsletter/preferences/<str:token>/",
        newsletter_views.preferences,
        name="newsletter_preferences",
    ),
    path("preview/<str:token>/", preview_views.PreviewLinkView.as_view(), name="preview"),
]
