from django.contrib import admin

from .image_admin import ImageNotStoredAdminMixin
from .models import Author


@admin.register(Author)
class AuthorAdmin(ImageNotStoredAdminMixin, admin.ModelAdmin):
    list_display = ["name", "headline", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "headline"]
    prepopulated_fields = {"slug": ["name"]}
