"""
What the two staff groups may do with profiles, credentials and booking
clicks. Same pattern as blog/migrations/0002_editor_and_author_groups.py:
groups are created if missing, permissions only ever added.
"""

from django.db import migrations

EDITORS = {
    "authors": ["add_author", "change_author", "delete_author", "view_author", "edit_any_author",
                "add_credential", "change_credential", "delete_credential", "view_credential",
                "verify_credential", "view_bookingclick"],
}  # fmt: skip
# Authors' own profile and credentials only: the admin narrows these to what
# they own (authors/admin.py).
AUTHORS = {
    "authors": ["change_author", "view_author",
                "add_credential", "change_credential", "delete_credential", "view_credential",
                "view_bookingclick"],
}  # fmt: skip


def ensure_permissions(apps) -> None:
    # Permissions are normally created after all migrations run; create them
    # now so the groups below can be given them on a fresh database.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name: str, codenames_by_app: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codenames in codenames_by_app.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def grant_permissions(apps, schema_editor) -> None:
    ensure_permissions(apps)
    grant(apps, "Editors", EDITORS)
    grant(apps, "Authors", AUTHORS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authors", "0002_profiles_credentials_booking_clicks"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
