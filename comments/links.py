"""
Approved comments in the site's register of outbound links (blog.links).

What an approved comment shows readers (the writer's website on their name,
the links in the body) is recorded like the links in posts and bios, so the
editors' "Outbound links to review" and ``audit_content`` see them too. A
comment that stops being shown is forgotten.
"""

from django.db.models.signals import post_delete, post_save
from django.utils.html import format_html

from blog.links import forget_links, record_links

from .models import Comment
from .text import comment_html


def shown_html(comment: Comment) -> str:
    """The links of a comment as the page shows them."""
    name = format_html('<a href="{}">{}</a>', comment.url, comment.name) if comment.url else ""
    return f"{name}{comment_html(comment.body)}"


def register(comment: Comment) -> None:
    if comment.status == Comment.Status.APPROVED:
        record_links(comment, "body", shown_html(comment))
    else:
        forget_links(comment)


def _comment_saved(sender, instance: Comment, **kwargs) -> None:
    register(instance)


def _comment_deleted(sender, instance: Comment, **kwargs) -> None:
    forget_links(instance)


def connect() -> None:
    """Connect the receivers (from CommentsConfig.ready)."""
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="comment_links_saved")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="comment_links_deleted")
