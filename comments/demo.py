"""The comments' part of the demo: threads on several posts, and a queue to moderate."""

from datetime import timedelta

from django.utils import timezone

from blog.demo import mark_demo_links_reviewed
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
    comment.reasons = verdict.reasons if status != Comment.Status.APPROVED else []
    # The spam folder shows the classifier's score beside the rules that fired.
    comment.spam_score = verdict.score
    if status == Comment.Status.SPAM:
        comment.marked_spam_at = timezone.now()
    comment.save()
    return comment, True


def _thread(
    post: Post, data: dict, parent: Comment | None, loaded: list[tuple[Comment, bool]]
) -> None:
    start = post.published_at or timezone.now()
    when = min(start + timedelta(days=data.get("days_after", 1)), timezone.now())
    if parent is not None and when < parent.created_at:
        when = parent.created_at + timedelta(hours=3)
    comment, created = _comment(post, data, Comment.Status.APPROVED, parent, when)
    loaded.append((comment, created))
    for reply in data.get("replies", []):
        _thread(post, reply, comment, loaded)


def load(content, stdout) -> None:
    posts = {post.slug: post for post in Post.objects.select_related("author")}
    loaded: list[tuple[Comment, bool]] = []
    for slug, threads in getattr(content, "COMMENT_THREADS", {}).items():
        if slug in posts:
            for data in threads:
                _thread(posts[slug], data, None, loaded)
    for status, items in (
        (Comment.Status.PENDING, getattr(content, "PENDING_COMMENTS", [])),
        (Comment.Status.SPAM, getattr(content, "SPAM_COMMENTS", [])),
    ):
        for data in items:
            if data["post"] in posts:
                loaded.append(_comment(posts[data["post"]], data, status))
    # The demo's readers' links were read when the demo was written.
    mark_demo_links_reviewed(
        Comment.objects.filter(
            pk__in=[comment.pk for comment, _ in loaded], status=Comment.Status.APPROVED
        )
    )
    added = sum(created for _, created in loaded)
    stdout.write(f"Comments: {added} added, {Comment.objects.count()} in all.")
