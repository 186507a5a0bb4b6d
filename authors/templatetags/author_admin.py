"""The admin's "My profile" link (templates/admin/base_site.html)."""

from django import template
from django.urls import reverse

from ..models import Author

register = template.Library()


@register.simple_tag(takes_context=True)
def my_profile_url(context) -> str:
    """
    The change page of the logged-in user's own author profile, or "" for
    anyone without one (an editor who does not write): no link, never a
    broken one.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    # The reverse accessor keeps the profile on the user: the dashboard's
    # panels ask for it again on the same page without a query.
    profile: Author | None = getattr(user, "author_profile", None)
    return reverse("admin:authors_author_change", args=[profile.pk]) if profile else ""
