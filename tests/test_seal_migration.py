"""Renaming the seal's column (admin_hash -> content_seal) keeps every stored seal valid."""

import pytest
from django.core.management import call_command
from django.db import connection

from authors.models import Author
from blog.models import Post
from core.integrity import is_intact


def column_value(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_seals_stored_under_the_old_column_name_are_intact_after_the_rename(post):
    author = post.author
    post_seal, author_seal = post.content_seal, author.content_seal
    assert post_seal and author_seal
    try:
        # The database as the code before the rename left it.
        call_command("migrate", "blog", "0011", verbosity=0)
        call_command("migrate", "authors", "0007", verbosity=0)
        assert column_value("blog_post", "admin_hash", post.pk) == post_seal
        assert column_value("authors_author", "admin_hash", author.pk) == author_seal
    finally:
        call_command("migrate", verbosity=0)
    assert is_intact(Post.objects.get(pk=post.pk))
    assert is_intact(Author.objects.get(pk=author.pk))
