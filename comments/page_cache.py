"""
The comments' part of the page cache (the mechanism is ``core.page_cache``).

A post page shows its approved comments and their count under the tag
``comments:<post pk>``, which saving or deleting one of them bumps
(``Comment.page_cache_tags``): any change to a comment readers see or saw
(approved, edited, removed, erased, filed as spam) renders the page again, and
of the page only the comment list (the article above it is a fragment tagged
with the post). A comment held or filed as spam from the start changes no
page, so a spam flood leaves the post's cached page alone.
Pending and spam comments show only to their own writer, whose browser
carries the ``comments_written`` cookie (``authorship.COOKIE``), declared
private here, and so never reads the shared cache.
"""

from core.page_cache import bump_on_commit, key_on_query_parameters
from core.page_cache_rules import private_cookies

from . import authorship


def comments_tag(post_id: int) -> str:
    """The tag of what a post page shows of its comments."""
    return f"comments:{post_id}"


def comment_list_tags(post) -> list[object]:
    """What a post's comment list shows: its comments, and the post author's badge."""
    return [post, f"author:{post.author_id}", comments_tag(post.pk)]


def comment_form_tags(post) -> list[object]:
    """What the comment form under a post depends on ("Leave a Reply to NAME")."""
    return [post, comments_tag(post.pk)]


def bump_posts_of(comments) -> None:
    """For bulk updates, which send no signals: render their posts' pages again."""
    post_ids = set(comments.values_list("post_id", flat=True))
    bump_on_commit(*(comments_tag(pk) for pk in post_ids))


def declare() -> None:
    """What the comments' pages read (from CommentsConfig.ready)."""
    # A post page shows a page of comments (?cpage=) and the form replying to
    # one of them (?replytocom=, the reply link without JavaScript).
    key_on_query_parameters("cpage", "replytocom")
    private_cookies(authorship.COOKIE)
