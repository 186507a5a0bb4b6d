"""
Files import_wordpress must refuse at once, with the line and column and
nothing written: malformed, truncated, not WXR, an entity-expansion bomb,
an external entity. And a fault in one post is listed while the rest comes in.
"""

import time

import pytest
from django.core.management import CommandError

from authors.models import Author
from blog.models import Category, ImportedObject, ImportRun, Post
from comments.models import Comment
from core.models import Redirect
from core.wxr import WxrError, survey

from .wordpress_exports import EXPORT, FIXTURES, make_uploads, run_import

pytestmark = pytest.mark.django_db


def nothing_written() -> bool:
    return not any(
        model.objects.exists()
        for model in (Post, Author, Category, Comment, ImportRun, ImportedObject, Redirect)
    )


def truncated(tmp_path):
    text = EXPORT.read_bytes()
    path = tmp_path / "truncated.xml"
    # Cut in the middle of the last post: everything before it is well-formed.
    path.write_bytes(text[: text.index(b"<wp:post_id>108</wp:post_id>")])
    return path


def not_xml(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("<html><body><p>Export failed</p></body>", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: FIXTURES / "malformed.xml", r"not well-formed XML: mismatched tag.*line 6"),
        (truncated, r"truncated.*line \d+, column \d+"),
        (lambda tmp: FIXTURES / "not_wxr.xml", r"not a WordPress export.*wxr_version"),
        (not_xml, r"not a WordPress export: it starts with <html>.*line 1, column \d+"),
        (lambda tmp: FIXTURES / "billion_laughs.xml", r"DOCTYPE.*line 2"),
        (lambda tmp: FIXTURES / "xxe.xml", r"DOCTYPE.*line 2"),
    ],
    ids=["malformed", "truncated", "not-wxr", "not-xml", "billion-laughs", "xxe"],
)
def test_unreadable_file_is_refused_at_once_with_where_and_nothing_written(tmp_path, make, message):
    path = make(tmp_path)
    started = time.monotonic()
    with pytest.raises(CommandError, match=message) as refused:
        run_import(path, "--uploads", make_uploads(tmp_path))
    assert time.monotonic() - started < 5
    assert "Nothing was imported." in str(refused.value)
    assert nothing_written()


def test_dry_run_of_a_broken_file_is_refused_the_same_way(tmp_path):
    with pytest.raises(CommandError, match="truncated"):
        run_import(truncated(tmp_path), "--dry-run")
    assert nothing_written()


def test_entity_bomb_is_never_expanded():
    """The DOCTYPE is refused before the bomb's entities are declared, let alone used."""
    with pytest.raises(WxrError) as refused:
        survey(FIXTURES / "billion_laughs.xml")
    assert refused.value.line == 2


def test_external_entity_is_never_read():
    with pytest.raises(WxrError) as refused:
        survey(FIXTURES / "xxe.xml")
    assert "root:" not in str(refused.value)


def test_a_missing_export_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        run_import(tmp_path / "nowhere.xml")


def test_a_post_that_fails_is_listed_and_the_rest_comes_in(tmp_path, settings):
    uploads = make_uploads(tmp_path)
    # Media storage is not writable: the posts with images cannot be stored.
    blocked = tmp_path / "media-is-a-file"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = blocked / "media"
    output = run_import(EXPORT, "--uploads", uploads)
    assert "Failed (nothing of them was written) (2):" in output
    assert "post 101 “How to Argue Less & Listen More”: The image could not be stored" in output
    assert not Post.objects.filter(title__startswith="How to Argue").exists()
    assert not Comment.objects.filter(name="Maria Lopez").exists()
    assert Post.objects.filter(title="Rebuilding Trust After an Affair").exists()
    assert ImportRun.objects.get().counts["failed"] == 2
