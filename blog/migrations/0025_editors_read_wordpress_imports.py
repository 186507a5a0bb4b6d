"""Editors read the WordPress import runs and their reports; authors never see them."""

from importlib import import_module

from django.db import migrations

groups = import_module("blog.migrations.0002_editor_and_author_groups")

EDITORS = {"blog": ["view_importrun"]}


def grant_import_runs(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)


class Migration(migrations.Migration):
    dependencies = [("blog", "0024_wordpress_imports")]

    operations = [migrations.RunPython(grant_import_runs, migrations.RunPython.noop)]
