from django.db import migrations


class Migration(migrations.Migration):
    """``Comment.verdicts`` is named for what it holds: the reasons a comment was held."""

    dependencies = [
        ("comments", "0002_editors_moderate_and_crisis_phrases"),
    ]

    operations = [
        migrations.RenameField(model_name="comment", old_name="verdicts", new_name="reasons"),
    ]
