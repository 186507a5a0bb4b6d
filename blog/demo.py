"""The blog's part of the demo (see management/commands/load_demo.py)."""

import io
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from authors.integrity import seal
from authors.models import Author

from .models import Category, OutboundLink, Post, Tag


def draw_featured_image(seed: str, palette, size=(1600, 900)) -> ContentFile:
    """An abstract picture of soft overlapping shapes in the post's two colours."""
    rng = random.Random(seed)
    first, second = palette
    width, height = size
    image = Image.new("RGB", size, first)
    draw = ImageDraw.Draw(image)
    for y in range(height):  # a vertical gradient from one colour to the other
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(first, second, strict=True)),
        )
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for _ in range(5):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tone = rng.choice([(255, 255, 255), first, second])
        shapes.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*tone, 70))
    image = Image.alpha_composite(
        image.convert("RGBA"), overlay.filter(ImageFilter.GaussianBlur(12))
    )
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=82)
    return ContentFile(buffer.getvalue(), name=f"{seed}.jpg")


def load(content, stdout) -> None:
    for data in content.CATEGORIES:
        Category.objects.get_or_create(
            slug=data["slug"], defaults={"name": data["name"], "description": data["description"]}
        )
    for data in content.TAGS:
        Tag.objects.get_or_create(slug=data["slug"], defaults={"name": data["name"]})

    authors = {
        author.user.username: author
        for author in Author.objects.filter(user__isnull=False).select_related("user")
    }
    now = timezone.now()
    for data in content.POSTS:
        post, created = Post.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "author": authors[data["author"]],
                "body": data["body"],
                "excerpt": data["excerpt"],
                "status": data["status"],
                "published_at": None
                if data["status"] == "draft"
                else now - timedelta(days=data["days_ago"]),
                "featured_image": draw_featured_image(data["slug"], data["palette"]),
                "featured_image_alt": data["image_alt"],
            },
        )
        if created:
            post.categories.set(Category.objects.filter(slug__in=data["categories"]))
            post.tags.set(Tag.objects.filter(slug__in=data["tags"]))
    for data in content.POSTS:
        if data.get("related"):
            post = Post.objects.get(slug=data["slug"])
            if not post.related_posts.exists():
                post.related_posts.set(Post.objects.filter(slug__in=data["related"]))
    # Saving seals a post (authors.integrity); rows loaded before seals existed get one now.
    slugs = [data["slug"] for data in content.POSTS]
    for post in Post.objects.filter(slug__in=slugs, admin_hash=""):
        seal(post)
    mark_demo_links_reviewed(Post.objects.filter(slug__in=slugs))
    stdout.write(f"  {len(content.POSTS)} posts in {len(content.CATEGORIES)} categories")


def mark_demo_links_reviewed(posts) -> None:
    """
    The demo's own links (its posts and its authors' profiles) were reviewed
    when the content was written, so `audit_content` passes on a fresh demo.
    Nothing else in the database is touched.
    """
    authors = Author.objects.filter(posts__in=posts).distinct()
    reviewer = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    for model, objects in ((Post, posts), (Author, authors)):
        OutboundLink.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=objects.values("pk"),
            reviewed=False,
        ).update(reviewed=True, reviewed_by=reviewer, reviewed_at=timezone.now())
