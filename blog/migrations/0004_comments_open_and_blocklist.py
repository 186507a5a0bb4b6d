from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_post_clinical_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="comments_open",
            field=models.BooleanField(
                default=True,
                help_text="Readers may comment. Comments also close by themselves after COMMENTS_CLOSE_AFTER_DAYS days, when that setting is not 0.",
                verbose_name="allow comments",
            ),
        ),
        migrations.CreateModel(
            name="BlockedPhrase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("phrase", models.CharField(max_length=100, unique=True)),
                ("kind", models.CharField(choices=[("adult", "Adult"), ("pharma", "Pharma"), ("other", "Other spam")], default="other", max_length=10)),
                ("language", models.CharField(blank=True, help_text="e.g. en, ru, ar, zh.", max_length=20)),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["kind", "phrase"]},
        ),
    ]
