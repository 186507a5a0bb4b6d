from django.urls import path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("blog/category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("blog/tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("blog/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
]
