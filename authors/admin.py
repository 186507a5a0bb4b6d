from django.contrib import admin

from .admin_access import AuthorAccessMixin
from .models import Author
from .revisions import HistoryAdmin


@admin.register(Author)
class AuthorAdmin(AuthorAccessMixin, HistoryAdmin):
    list_display = ["name", "headline", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "headline"]
    prepopulated_fields = {"slug": ["name"]}
