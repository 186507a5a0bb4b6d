"""
Editors keep the directory's lists (focus areas, approaches, languages);
authors only pick from them in their own profile, which needs no permission
on the lists. Same pattern as 0003: permissions only ever added.
"""

from importlib import import_module

from django.db import migrations

groups = import_module("authors.migrations.0003_profile_and_credential_permissions")

EDITORS = {
    "authors": [
        f"{action}_{model}"
        for model in ("focusarea", "approach", "language")
        for action in ("add", "change", "delete", "view")
    ],
}


def grant_directory_lists(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)


class Migration(migrations.Migration):
    dependencies = [("authors", "0010_directory_facts_and_lists")]

    operations = [migrations.RunPython(grant_directory_lists, migrations.RunPython.noop)]
