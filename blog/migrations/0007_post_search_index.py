"""
The full-text search index, one per database backend (see blog/search.py).

PostgreSQL: a GIN index over the same weighted search vector the search
function queries, built by Django from that expression so the two match.
SQLite: an FTS5 table keyed by post id, filled here from existing posts and
kept in step by blog/search_index.py. On the other backend each step does nothing.
"""

from django.db import migrations


def create_index(apps, schema_editor) -> None:
    Post = apps.get_model("blog", "Post")
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        from blog.search import postgres_index

        schema_editor.add_index(Post, postgres_index())
    elif vendor == "sqlite":
        from blog.search import SQLITE_FTS_CREATE, SQLITE_FTS_INSERT, fts_row

        schema_editor.execute(SQLITE_FTS_CREATE)
        for post in Post.objects.using(schema_editor.connection.alias).iterator():
            schema_editor.execute(SQLITE_FTS_INSERT, fts_row(post))


def drop_index(apps, schema_editor) -> None:
    Post = apps.get_model("blog", "Post")
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        from blog.search import postgres_index

        schema_editor.remove_index(Post, postgres_index())
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS blog_post_fts")


class Migration(migrations.Migration):
    dependencies = [("blog", "0006_post_seo_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
