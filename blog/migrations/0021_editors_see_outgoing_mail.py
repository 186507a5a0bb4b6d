"""Editors see the outgoing mail (core.OutgoingMail) and may erase it by address."""

from importlib import import_module

from django.db import migrations

groups = import_module("blog.migrations.0002_editor_and_author_groups")

EDITORS = {"core": ["view_outgoingmail", "delete_outgoingmail"]}


def grant_outgoing_mail(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0020_leads_in_whole_sentences"),
        ("core", "0002_outgoing_mail"),
    ]

    operations = [migrations.RunPython(grant_outgoing_mail, migrations.RunPython.noop)]
