"""Editors keep the redirects (core.Redirect); authors never see them."""

from importlib import import_module

from django.db import migrations

groups = import_module("blog.migrations.0002_editor_and_author_groups")

EDITORS = {
    "core": ["add_redirect", "change_redirect", "delete_redirect", "view_redirect"],
}


def grant_redirects(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0015_preview_link_permissions"),
        ("core", "0001_redirects"),
    ]

    operations = [migrations.RunPython(grant_redirects, migrations.RunPython.noop)]
