"""
The newsletter: subscribers, sends and their deliveries, and the post's
"Email this post to subscribers" box (off for the posts already stored, on
for new ones). Editors see and manage subscribers; authors never do.
"""

from importlib import import_module

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models


groups = import_module("blog.migrations.0002_editor_and_author_groups")

EDITORS = {
    "blog": [
        "view_subscriber",
        "change_subscriber",
        "delete_subscriber",
        # Deleting a post takes its send and deliveries with it.
        "view_newslettersend",
        "delete_newslettersend",
        "view_delivery",
        "delete_delivery",
    ],
}


def grant_newsletter(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0022_post_focus_areas'),
    ]

    operations = [
        # Posts already stored were published (or written) before there was a
        # list: off for them. New posts: on.
        migrations.AddField(
            model_name='post',
            name='email_subscribers',
            field=models.BooleanField(default=False),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='post',
            name='email_subscribers',
            field=models.BooleanField(default=True, help_text='When it is first published (or goes live, if scheduled), send it to newsletter subscribers who chose every new post. Later edits send nothing.', verbose_name='email this post to subscribers'),
        ),
        migrations.CreateModel(
            name='NewsletterSend',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('post', 'New post'), ('digest', 'Weekly digest')], default='post', max_length=8)),
                ('week', models.DateField(blank=True, help_text='A digest: the Monday it was sent on.', null=True, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('prepared_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('post', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='newsletter_send', to='blog.post')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Subscriber',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, unique=True)),
                ('status', models.CharField(choices=[('pending', 'Pending confirmation'), ('confirmed', 'Confirmed'), ('unsubscribed', 'Unsubscribed'), ('bounced', 'Bounced')], default='pending', max_length=12)),
                ('frequency', models.CharField(choices=[('post', 'Every new post'), ('weekly', 'Weekly digest')], default='post', max_length=8)),
                ('source', models.CharField(blank=True, max_length=300)),
                ('ip_hash', models.CharField(blank=True, editable=False, max_length=64, verbose_name='IP hash')),
                ('subscribed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked at')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='consent confirmed at')),
                ('unsubscribed_at', models.DateTimeField(blank=True, null=True)),
                ('bounced_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-subscribed_at'],
                'indexes': [models.Index(fields=['status', 'frequency'], name='blog_subscr_status_9b799a_idx')],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='subscriber_email_unique_in_any_case', violation_error_message='This address is already on the list.')],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('sent', 'Sent'), ('failed', 'Failed'), ('skipped', 'Skipped (no longer subscribed)')], default='queued', max_length=8)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('retry_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('error', models.CharField(blank=True, max_length=300)),
                ('send', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='blog.newslettersend')),
                ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='blog.subscriber')),
            ],
            options={
                'verbose_name_plural': 'deliveries',
                'ordering': ['pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='newslettersend',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'post'), ('post__isnull', False), ('week__isnull', True)), models.Q(('kind', 'digest'), ('post__isnull', True), ('week__isnull', False)), _connector='OR'), name='newsletter_send_is_a_post_or_a_week', violation_error_message="A send is either one post or one week's digest."),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['send', 'status'], name='blog_delive_send_id_a60ea3_idx'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('send', 'subscriber'), name='one_delivery_per_send'),
        ),
        migrations.RunPython(grant_newsletter, migrations.RunPython.noop),
    ]
