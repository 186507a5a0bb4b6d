"""Keeps SQLite's full-text table (blog/search.py) in step with the posts."""

from django.db import connections
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Post
from .search import SQLITE_FTS_INSERT, fts_row


@receiver(post_save, sender=Post, dispatch_uid="blog_post_fts_save")
def index_post(sender, instance: Post, using: str, **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # Delete then insert: an FTS5 table has no upsert, and a row may be
        # left over from a post whose id was reused.
        cursor.execute("DELETE FROM blog_post_fts WHERE rowid = %s", [instance.pk])
        cursor.execute(
            SQLITE_FTS_INSERT,
            fts_row(instance),
        )


@receiver(post_delete, sender=Post, dispatch_uid="blog_post_fts_delete")
def unindex_post(sender, instance: Post, using: str, **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM blog_post_fts WHERE rowid = %s", [instance.pk])
