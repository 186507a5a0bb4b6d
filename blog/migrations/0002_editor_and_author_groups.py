"""
The two staff groups and what they may do, created by a migration so a
production database has them without the demo loader.
"""

from django.db import migrations

EDITORS = {
    "blog": ["add_post", "change_post", "delete_post", "view_post", "publish_post",
             "add_category", "change_category", "delete_category", "view_category",
             "add_tag", "change_tag", "delete_tag", "view_tag"],
    "authors": ["add_author", "change_author", "view_author"],
}  # fmt: skip
AUTHORS = {
    "blog": ["add_post", "change_post", "view_post", "view_category", "view_tag"],
    "authors": ["change_author", "view_author"],
}


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


def create_groups(apps, schema_editor) -> None:
    ensure_permissions(apps)
    grant(apps, "Editors", EDITORS)
    grant(apps, "Authors", AUTHORS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authors", "0001_initial"),
        ("blog", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
