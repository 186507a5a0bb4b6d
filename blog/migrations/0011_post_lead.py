from django.db import migrations, models

from core.markdown import lead_text


def fill_leads(apps, schema_editor):
    # Posts saved before the field existed: their summary is computed once here
    # rather than on every request that shows them.
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.only("pk", "body").iterator():
        Post.objects.filter(pk=post.pk).update(lead=lead_text(post.body))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0010_featured_image_dimensions"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="lead",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_leads, migrations.RunPython.noop),
    ]
