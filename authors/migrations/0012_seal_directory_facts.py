"""
The seal of a profile covers its directory facts too (city or region, fees,
payment options: text a reader sees, so text an attacker could change in the
database). A profile sealed over the old list (intact under any current or
old key) is sealed again over the new one, so that audit_content does not
report every author; a broken seal stays broken. As blog 0026 did for posts.
"""

from django.conf import settings
from django.db import migrations

from core.integrity import content_hash

SEALED_BEFORE = [
    "name", "slug", "headline", "short_bio", "bio", "bio_html", "photo",
    "booking_url", "booking_label", "website", "social_links",
]  # fmt: skip
SEALED_NOW = [*SEALED_BEFORE, "in_person_location", "fees", "payment_options"]


def seal_the_directory_facts(apps, schema_editor):
    Author = apps.get_model("authors", "Author")
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    for author in Author.objects.exclude(content_seal=""):
        author.SEALED_FIELDS = SEALED_BEFORE
        if any(content_hash(author, key) == author.content_seal for key in keys):
            author.SEALED_FIELDS = SEALED_NOW
            Author.objects.filter(pk=author.pk).update(content_seal=content_hash(author))


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0011_editors_keep_directory_lists"),
    ]

    operations = [
        migrations.RunPython(seal_the_directory_facts, migrations.RunPython.noop),
    ]
