# The seal's column gets the name of what it holds. Its values are kept as
# they are, and the seal covers SEALED_FIELDS only (never its own column's
# name), so every stored seal stays valid.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0011_post_lead"),
    ]

    operations = [
        migrations.RenameField("post", "admin_hash", "content_seal"),
    ]
