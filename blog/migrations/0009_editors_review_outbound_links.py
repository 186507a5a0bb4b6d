"""Editors keep the allowed domains and review outbound links; authors do neither."""

from importlib import import_module

from django.db import migrations

groups = import_module("blog.migrations.0002_editor_and_author_groups")

EDITORS = {
    "blog": ["add_alloweddomain", "change_alloweddomain", "delete_alloweddomain",
             "view_alloweddomain", "change_outboundlink", "view_outboundlink",
             "change_linktoreview", "view_linktoreview"],
}  # fmt: skip


def grant_link_review(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)


class Migration(migrations.Migration):
    dependencies = [("blog", "0008_outbound_links_review_flags_and_seals")]

    operations = [migrations.RunPython(grant_link_review, migrations.RunPython.noop)]
