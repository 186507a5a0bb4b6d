"""
Credentials get a tamper seal like posts and profiles: a byline shows them,
so an intruder changing one in the database (a fake licence, a spam "title",
an unverified credential marked verified) must show in audit_content. The
credentials stored now are sealed as they are: before this there was nothing
to check them against.
"""

from django.db import migrations, models

from core.integrity import content_hash

SEALED_FIELDS = [
    "author", "abbreviation", "title", "kind", "issuer", "jurisdiction",
    "licence_number", "expires_on", "verified",
]  # fmt: skip


def seal_the_credentials(apps, schema_editor):
    Credential = apps.get_model("authors", "Credential")
    for credential in Credential.objects.all():
        credential.SEALED_FIELDS = SEALED_FIELDS
        Credential.objects.filter(pk=credential.pk).update(content_seal=content_hash(credential))


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0012_seal_directory_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="credential",
            name="content_seal",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(seal_the_credentials, migrations.RunPython.noop),
    ]
