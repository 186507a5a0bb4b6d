from django.urls import path

from . import feeds, preview_views, views

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
    path("preview/<str:token>/", preview_views.PreviewLinkView.as_view(), name="preview"),
]
