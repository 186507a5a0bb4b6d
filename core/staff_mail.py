"""
Who among the site's own people (editors, moderators, authors) receives a
mail about their work. The mail itself goes through ``core.outbox``.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q


def addresses_of_staff_who_may(app_label: str, codename: str) -> list[str]:
    """
    The addresses of active staff holding ``app_label.codename``, through a
    group, directly or as superusers, each once.
    """
    granted = {
        "permissions__codename": codename,
        "permissions__content_type__app_label": app_label,
    }
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(**{f"groups__{name}": value for name, value in granted.items()})
            | Q(**{f"user_{name}": value for name, value in granted.items()})
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(users))
