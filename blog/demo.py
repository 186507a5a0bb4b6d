"""The blog's part of the demo (see management/commands/load_demo.py)."""

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from authors.models import Author

from .models import Category, Post, Tag


def draw_featured_image(seed: str, palette, size=(1600, 900)) -> ContentFile:
    """An abstract picture of soft overlapping shapes in the post's two colours."""
    rng = random.Random(seed)
    first, second = palette
    # Drawn small and scaled up: the shapes are blurred anyway, and it is 16x less work.
    width, height = size[0] // 4, size[1] // 4
    mask = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), second), Image.new("RGB", (width, height), first), mask
    )
    for _ in range(5):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tone = rng.choice([(255, 255, 255), first, second])
        # A blurred mask per shape: blurring colour with transparent black
        # would leave dark halos.
        mask = Image.new("L", (width, height), 0)
        ImageDraw.Draw(mask).ellipse((x - radius, y - radius, x + radius, y + radius), fill=80)
        image.paste(tone, mask=mask.filter(ImageFilter.GaussianBlur(3)))
    image = image.resize(size, Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
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
    stdout.write(f"  {len(content.POSTS)} posts in {len(content.CATEGORIES)} categories")
