from django.core.management.base import BaseCommand
from django.db import connection, transaction

from blog.models import Post
from blog.search import SQLITE_FTS_INSERT, fts_row


class Command(BaseCommand):
    help = (
        "Refill SQLite's full-text table from the posts (after changes made behind "
        "Django's back). PostgreSQL's index is computed from the posts and needs nothing."
    )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "sqlite":
            self.stdout.write("Nothing to do: PostgreSQL indexes the posts themselves.")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM blog_post_fts")
            count = 0
            for post in Post.objects.iterator():
                cursor.execute(
                    SQLITE_FTS_INSERT,
                    fts_row(post),
                )
                count += 1
        self.stdout.write(f"Indexed {count} post(s).")
