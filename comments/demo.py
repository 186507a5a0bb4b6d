"""The comments' part of the demo: threads on several posts, and a queue to moderate."""

from datetime import timedelta

from django.utils import timezone

from blog.models import Post

from .models import Comment
from .moderation import assess


def _comment(post: Post, data: dict, status: str, parent: Comment | None = None, when=None):
    existing = Comment.objects.filter(
        post=post, email=data.get("email", ""), body=data["body"].strip()
    ).first()
    if existing:
        return existing, False
    comment = Comment(
        post=post,
        name=data["name"],
        email=data.get("email", ""),
        url=data.get("url", ""),
        body=data["body"].strip(),
        created_at=when or timezone.now(),
    )
    author = post.author
    if author.user_id and data["name"] == author.name:
        comment.user_id = author.user_id  # the post's own author: shown with a badge
    comment.attach_to(parent)
    verdict = assess(comment)
    comment.status = status
    comment.crisis = verdict.crisis
    comment.verdicts = verdict.verdicts if status != Comment.Status.APPROVED else []
    comment.save()
    return comment, True


def _thread(post: Post, data: dict, parent: Comment | None, counter: list[int]) -> None:
    start = post.published_at or timezone.now()
    when = min(start + timedelta(days=data.get("days_after", 1)), timezone.now())
    if parent is not None and when < parent.created_at:
        when = parent.created_at + timedelta(hours=3)
    comment, created = _comment(post, data, Comment.Status.APPROVED, parent, when)
    counter[0] += created
    for reply in data.get("replies", []):
        _thread(post, reply, comment, counter)


def load(content, stdout) -> None:
    posts = {post.slug: post for post in Post.objects.select_related("author")}
    counter = [0]
    for slug, threads in getattr(content, "COMMENT_THREADS", {}).items():
        if slug in posts:
            for data in threads:
                _thread(posts[slug], data, None, counter)
    for status, items in (
        (Comment.Status.PENDING, getattr(content, "PENDING_COMMENTS", [])),
        (Comment.Status.SPAM, getattr(content, "SPAM_COMMENTS", [])),
    ):
        for data in items:
            if data["post"] in posts:
                counter[0] += _comment(posts[data["post"]], data, status)[1]
    stdout.write(f"Comments: {counter[0]} added, {Comment.objects.count()} in all.")
