from django.db import migrations

from core.markdown import lead_text


def refill_leads(apps, schema_editor):
    # Summaries are now whole sentences that never end on a colon: recompute the
    # stored ones (a queryset update, so nothing else about the post changes),
    # or the audit would find every old lead out of step with its body.
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.only("pk", "body", "lead").iterator():
        lead = lead_text(post.body)
        if lead != post.lead:
            Post.objects.filter(pk=post.pk).update(lead=lead)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0019_preview_links_show_pending_changes"),
    ]

    operations = [
        migrations.RunPython(refill_leads, migrations.RunPython.noop),
    ]
