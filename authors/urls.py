from django.urls import path

from . import views

app_name = "authors"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="list"),
    path("<slug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
    path("<slug:slug>/book/", views.BookingRedirectView.as_view(), name="book"),
]
