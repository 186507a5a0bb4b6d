from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("token/", views.form_token, name="token"),
    path("<int:pk>/edit/", views.edit_comment, name="edit"),
    path("<int:pk>/delete/", views.delete_comment, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notify/confirm/<str:token>/", views.confirm_address, name="confirm_address"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/<str:token>/", views.my_data_confirm, name="my_data_confirm"),
]
