"""The blog's part of the demo (see management/commands/load_demo.py)."""

import io
import random
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from authors.models import Author, BookingClick, FocusArea
from core.integrity import seal
from core.models import MediaItem, Redirect

from . import workflow
from .models import Category, OutboundLink, PendingRevision, Post, Subscriber, Tag


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


# A demo body image: ``![alt](library:<seed> "caption")`` in demo/posts/*.md.
LIBRARY_IMAGE_RE = re.compile(r'!\[([^\]]+)\]\(library:([a-z0-9-]+)(?: "([^"]*)")?\)')


def with_library_images(body: str, palette, uploaded_by) -> str:
    """
    The body with its demo images as media library items (drawn like featured
    images, made once), inserted as the editor's chooser inserts them.
    """

    def item_markdown(match: re.Match) -> str:
        alt, seed, caption = match.group(1), match.group(2), match.group(3) or ""
        item = MediaItem.objects.filter(alt_text=alt).first() or MediaItem.objects.create(
            file=draw_featured_image(seed, palette, (1200, 800)),
            alt_text=alt,
            caption=caption,
            credit="Illustration: Common Ground",
            uploaded_by=uploaded_by,
        )
        return item.markdown()

    return LIBRARY_IMAGE_RE.sub(item_markdown, body)


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
    # Posts by writers without a clinical licence get a clinical review from
    # the first licensed author, so the demo shows the "Reviewed by" line.
    reviewer = (
        Author.objects.filter(credentials__kind="licence", credentials__verified=True)
        .order_by("name")
        .first()
    )
    licensed = set(Author.objects.filter(credentials__kind="licence").values_list("pk", flat=True))
    for data in content.POSTS:
        post, created = Post.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "author": authors[data["author"]],
                "body": with_library_images(
                    data["body"], data["palette"], authors[data["author"]].user
                ),
                "excerpt": data["excerpt"],
                "key_points": "\n".join(data.get("key_points", [])),
                "references": "\n".join(data.get("references", [])),
                # A post in review starts as a draft its author submits (below).
                "status": Post.Status.DRAFT if data["status"] == "review" else data["status"],
                "published_at": None
                if data["status"] in ("draft", "review")
                else now - timedelta(days=data["days_ago"]),
                "featured_image": draw_featured_image(
                    data["slug"], data["palette"], data.get("image_size", (1600, 900))
                ),
                "featured_image_alt": data["image_alt"],
                # The demo's published posts are its past: only a post an
                # editor publishes in the demo is mailed to its subscriber.
                "email_subscribers": data["status"] in ("draft", "review"),
            },
        )
        if created:
            post.categories.set(Category.objects.filter(slug__in=data["categories"]))
            post.tags.set(Tag.objects.filter(slug__in=data["tags"]))
            post.focus_areas.set(FocusArea.objects.filter(slug__in=data.get("focus_areas", [])))
            if reviewer and post.published_at and post.author_id not in licensed:
                review = data.get("clinical_review", {})
                post.requires_clinical_review = review.get("required", False)
                post.clinical_review_interval = review.get("every_months", 12)
                post.reviewed_by = reviewer
                post.reviewed_on = timezone.localdate(post.published_at)
                post.save()
    for data in content.POSTS:
        if data.get("related"):
            post = Post.objects.get(slug=data["slug"])
            if not post.related_posts.exists():
                post.related_posts.set(Post.objects.filter(slug__in=data["related"]))
    # Saving seals a post (core.integrity); rows loaded before seals existed get one now.
    slugs = [data["slug"] for data in content.POSTS]
    for post in Post.objects.filter(slug__in=slugs, content_seal=""):
        seal(post)
    # A post renamed after it was shared: its old address redirects to it.
    for data in content.POSTS:
        for old_slug in data.get("old_slugs", []):
            new_url = reverse("blog:post_detail", kwargs={"slug": data["slug"]})
            old_url = reverse("blog:post_detail", kwargs={"slug": old_slug})
            if not Redirect.objects.filter(old_path=old_url).exists():
                Redirect.objects.record_move(old_url, new_url)
    load_editorial_desk(content)
    load_booking_clicks(content.BOOKING_CLICKS, now)
    posts = Post.objects.filter(slug__in=slugs)
    mark_demo_links_reviewed(posts, Author.objects.filter(posts__in=posts).distinct())
    load_subscriber()
    stdout.write(f"  {len(content.POSTS)} posts in {len(content.CATEGORIES)} categories")


DEMO_SUBSCRIBER = "reader@example.com"


def load_subscriber() -> None:
    """One confirmed reader on the newsletter: a post published in the demo is mailed to her."""
    Subscriber.objects.get_or_create(
        email=DEMO_SUBSCRIBER,
        defaults={
            "status": Subscriber.Status.CONFIRMED,
            "source": "/newsletter/",
            "confirmed_at": timezone.now(),
        },
    )


def load_editorial_desk(content) -> None:
    """
    What waits for the editors on a fresh demo, made through the workflow as
    the authors would: a post submitted for review with its note, and changes
    to a published post waiting for approval.
    """
    for data in content.POSTS:
        post = Post.objects.select_related("author__user").get(slug=data["slug"])
        author = post.author.user
        if data["status"] == "review" and not post.review_steps.exists():
            workflow.submit_for_review(post, author, data.get("review_note", ""), notify=False)
        changes = data.get("pending_changes")
        if changes and not post.pending_revisions.exists():
            values = {name: changes[name] for name in PendingRevision.FIELDS if name in changes}
            if "add_to_body" in changes:
                values["body"] = f"{post.body.rstrip()}\n\n{changes['add_to_body']}\n"
            workflow.save_pending_revision(post, author, values)
            workflow.submit_for_review(post, author, changes.get("note", ""), notify=False)


def load_booking_clicks(recipe: dict, now) -> None:
    """Readers' clicks on booking links over the last weeks, drawn from the recipe (once)."""
    if BookingClick.objects.exists():
        return
    rng = random.Random(recipe["seed"])
    weights = recipe.get("weights", {})
    low, high = recipe["per_post_per_week"]
    profile_low, profile_high = recipe["per_profile_per_week"]
    posts = list(Post.objects.published().filter(author__user__isnull=False))
    authors = list(Author.objects.active().filter(user__isnull=False).order_by("pk"))
    clicks = []
    for week in range(recipe["weeks"]):
        start = now - timedelta(weeks=week + 1)
        for post in posts:
            if post.published_at > start:
                continue  # not live that week
            for _ in range(rng.randint(low, high) * weights.get(post.slug, 1)):
                when = start + timedelta(seconds=rng.randrange(7 * 24 * 3600))
                clicks.append(
                    BookingClick(
                        author_id=post.author_id,
                        post_pk=post.pk,
                        source=BookingClick.Source.POST,
                        clicked_at=when,
                    )
                )
        for author in authors:
            for _ in range(rng.randint(profile_low, profile_high)):
                when = start + timedelta(seconds=rng.randrange(7 * 24 * 3600))
                clicks.append(
                    BookingClick(author=author, source=BookingClick.Source.PROFILE, clicked_at=when)
                )
    BookingClick.objects.bulk_create(clicks)


def mark_demo_links_reviewed(*querysets: QuerySet) -> None:
    """
    The demo's own links (its posts, its authors' profiles, its readers'
    comments) were reviewed when the content was written, so `audit_content`
    passes on a fresh demo. Nothing else in the database is touched.
    """
    reviewer = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    for objects in querysets:
        OutboundLink.objects.filter(
            content_type=ContentType.objects.get_for_model(objects.model),
            object_id__in=objects.values("pk"),
            reviewed=False,
        ).update(reviewed=True, reviewed_by=reviewer, reviewed_at=timezone.now())
