"""
Who may see and change which profile in the admin.

Editors (and superusers) manage every profile. An author sees and edits
only their own, and cannot hand it to another login or switch it off.
"""

from django.http import HttpRequest


def manages_all_authors(request: HttpRequest) -> bool:
    user = request.user
    return user.is_superuser or user.has_perm("authors.add_author")


class AuthorAccessMixin:
    """For AuthorAdmin: authors reach only their own profile."""

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        return queryset if manages_all_authors(request) else queryset.filter(user=request.user)

    def _own(self, request: HttpRequest, obj) -> bool:
        return obj is None or manages_all_authors(request) or obj.user_id == request.user.pk

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._own(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not manages_all_authors(request):
            fields += ["user", "is_active"]
        return fields
