"""
The media library (core.MediaItem): permissions for the two groups, and a
library item, with where it is used, for every image already stored:
featured images, author photos, and the images in post bodies and long
bios that were dropped into the editor before the library existed. Same pattern as 0002
for the groups: permissions only ever added.
"""

from importlib import import_module

from django.core.files.storage import default_storage
from django.db import migrations
from PIL import Image

from core.media import body_images
from core.renditions import make_renditions, renditions_complete

groups = import_module("blog.migrations.0002_editor_and_author_groups")

ITEM_PERMISSIONS = ["add_mediaitem", "change_mediaitem", "delete_mediaitem", "view_mediaitem"]
EDITORS = {"core": [*ITEM_PERMISSIONS, "use_any_mediaitem"]}
# Authors: their own uploads only (core.admin narrows the list to them).
AUTHORS = {"core": ITEM_PERMISSIONS}


def grant_media_library(apps, schema_editor) -> None:
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)
    groups.grant(apps, "Authors", AUTHORS)


def _size(name: str) -> tuple[int | None, int | None]:
    try:
        with default_storage.open(name, "rb") as handle:
            return Image.open(handle).size
    except Exception:  # a file gone or unreadable: the item waits without a size
        return None, None


def _item(apps, name: str, alt: str, owner_id, width=None, height=None):
    MediaItem = apps.get_model("core", "MediaItem")
    item = MediaItem.objects.filter(file=name).first()
    if item is None:
        if width is None:
            if not default_storage.exists(name):
                return None
            width, height = _size(name)
        item = MediaItem.objects.create(
            file=name, alt_text=alt.strip()[:200], width=width, height=height,
            uploaded_by_id=owner_id,
        )  # fmt: skip
        if width and not renditions_complete(item.file):
            make_renditions(item.file)
    return item


def _record(apps, content_type, obj, place: str, item) -> None:
    if item is None:
        return
    apps.get_model("core", "MediaUsage").objects.get_or_create(
        item=item, content_type=content_type, object_id=obj.pk, place=place,
        defaults={"label": str(getattr(obj, "title", "") or getattr(obj, "name", ""))[:300]},
    )  # fmt: skip


def _body(apps, content_type, obj, place: str, html: str, owner_id) -> None:
    MediaItem = apps.get_model("core", "MediaItem")
    for image in body_images(html):
        if not (name := image.file_name):
            continue
        # What the editor's upload stored (markdown/…) becomes an item; any
        # other stored file a body names is only recorded if it is one.
        if name.startswith("markdown/"):
            item = _item(apps, name, image.alt, owner_id)
        else:
            item = MediaItem.objects.filter(file=name).first()
        _record(apps, content_type, obj, place, item)


def library_for_stored_images(apps, schema_editor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    post_type, _ = ContentType.objects.get_or_create(app_label="blog", model="post")
    author_type, _ = ContentType.objects.get_or_create(app_label="authors", model="author")
    for post in apps.get_model("blog", "Post").objects.select_related("author"):
        owner_id = post.author.user_id
        if post.featured_image:
            item = _item(
                apps, post.featured_image.name, post.featured_image_alt, owner_id,
                post.featured_image_width, post.featured_image_height,
            )  # fmt: skip
            _record(apps, post_type, post, "featured image", item)
        _body(apps, post_type, post, "body", post.body_html, owner_id)
    for author in apps.get_model("authors", "Author").objects.all():
        if author.photo:
            item = _item(
                apps, author.photo.name, author.name, author.user_id,
                author.photo_width, author.photo_height,
            )  # fmt: skip
            _record(apps, author_type, author, "photo", item)
        _body(apps, author_type, author, "long bio", author.bio_html, author.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0026_post_key_points_and_references"),
        ("core", "0003_media_library"),
        ("authors", "0011_editors_keep_directory_lists"),
    ]

    operations = [
        migrations.RunPython(grant_media_library, migrations.RunPython.noop),
        migrations.RunPython(library_for_stored_images, migrations.RunPython.noop),
    ]
