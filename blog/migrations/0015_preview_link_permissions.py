"""
Editors make and revoke preview links to any post; authors to their own
(PreviewLinkAdmin limits them to those). Nobody but a superuser deletes one:
revoking keeps the log of who opened it.
"""

from importlib import import_module

from django.db import migrations

groups = import_module("blog.migrations.0002_editor_and_author_groups")

PREVIEW_LINKS = {"blog": ["add_previewlink", "change_previewlink", "view_previewlink"]}


def grant_preview_links(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", PREVIEW_LINKS)
    groups.grant(apps, "Authors", PREVIEW_LINKS)


class Migration(migrations.Migration):
    dependencies = [("blog", "0014_preview_links")]

    operations = [migrations.RunPython(grant_preview_links, migrations.RunPython.noop)]
