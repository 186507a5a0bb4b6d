"""
The search index's one receiver: keeps SQLite's full-text table (blog/search.py)
in step with what each post declares in ``Post.search_document()``.

It writes in the saving transaction, not after it: the row is in the same
database, so it commits or rolls back with the post. PostgreSQL searches the
posts table itself and needs nothing here.
"""

from django.db import connections
from django.db.models.signals import post_delete, post_save

from core.receivers import connect

from .models import Post
from .search import SQLITE_FTS_INSERT, fts_row


def _index(sender, instance: Post, using: str, **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # Delete then insert: an FTS5 table has no upsert, and a row may be
        # left over from a post whose id was reused.
        cursor.execute("DELETE FROM blog_post_fts WHERE rowid = %s", [instance.pk])
        cursor.execute(SQLITE_FTS_INSERT, fts_row(instance))


def _unindex(sender, instance: Post, using: str, **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM blog_post_fts WHERE rowid = %s", [instance.pk])


def connect_receivers() -> None:
    """From BlogConfig.ready: the table holds posts, so posts are what it follows."""
    connect("search_index", Post, {post_save: _index, post_delete: _unindex})
