"""
Who may see and change which post in the admin.

Publishers (editors, superusers) work on every post. An author sees and
edits only their own posts, may only name themselves as the author, and
picks related posts among what they could read on the site anyway.
"""

from django.http import HttpRequest

from authors.models import Author

from .models import Post


def works_on_all_posts(request: HttpRequest) -> bool:
    user = request.user
    return user.is_superuser or user.has_perm("blog.publish_post")


class PostAccessMixin:
    """For PostAdmin: authors reach only their own posts."""

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if works_on_all_posts(request):
            return queryset
        return queryset.filter(author__user=request.user)

    def _own(self, request: HttpRequest, obj) -> bool:
        if obj is None or works_on_all_posts(request):
            return True
        return obj.author.user_id is not None and obj.author.user_id == request.user.pk

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._own(request, obj)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "author" and not works_on_all_posts(request):
            kwargs["queryset"] = Author.objects.filter(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "related_posts" and not works_on_all_posts(request):
            kwargs["queryset"] = Post.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
