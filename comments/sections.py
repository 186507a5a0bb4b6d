"""
What the comment section under a post is built from (``comment_section`` in
the public templates, config/jinja2.py): the threads, the form, or "Comments
are closed.", each made only if its cached fragment has to be rendered.
"""

import functools

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from comments import authorship
from comments.forms import CommentForm
from comments.listing import listed_comments
from comments.models import Comment, CrisisHelp, comments_are_open, comments_close_at
from comments.moderation import make_form_token
from comments.page_cache import comment_form_tags, comment_list_tags
from core.page_cache import tag_response

SECTION_TEMPLATE = "comments/_section.html"


def comment_section_context(request: HttpRequest, post) -> dict:
    """Everything under a post: the threads, the form, or "Comments are closed."."""
    own = authorship.written(request)
    cpage = request.GET.get("cpage", 1)
    # Fetched only if the comment list is rendered, not when its fragment is reused.
    threads = SimpleLazyObject(lambda: Comment.objects.threads(post, page=cpage, own_ids=own))
    open_ = comments_are_open(post)
    if open_ and (closes_at := comments_close_at(post)) and post.is_public:
        # The cached page must not offer the form after comments close by themselves.
        tag_response(request, expires_at=closes_at)
    reply_to = None
    replytocom = request.GET.get("replytocom", "")
    if open_ and replytocom.isdigit():
        reply_to = Comment.objects.approved().filter(post=post, pk=int(replytocom)).first()
    form = None
    if open_:
        form = SimpleLazyObject(
            lambda: CommentForm(
                user=request.user,
                initial={"token": make_form_token(), "parent": reply_to.pk if reply_to else None},
            )
        )

    @functools.cache
    def crisis_message() -> str:
        return _crisis_message(threads.comments, own) if own else ""

    return {
        "post": post,
        "threads": threads,
        # The threads as the list prints them (comments.listing), made only if it renders.
        "listed": SimpleLazyObject(lambda: listed_comments(threads.comments)),
        "comments_open": open_,
        "form": form,
        "reply_to": reply_to,
        "own": own,
        "author_user_id": getattr(post.author, "user_id", None),
        "request": request,
        "user": request.user,
        "crisis_message": crisis_message,
        # What the cached comment list and form depend on: their tags, and
        # what else their HTML varies with (in the fragment's name).
        "list_tags": comment_list_tags(post),
        "form_tags": comment_form_tags(post),
        "list_fragment": f"comment-list|page={cpage}|open={open_}",
        "form_fragment": f"comment-form|open={open_}|reply={reply_to.pk if reply_to else ''}",
    }


def _crisis_message(roots: list[Comment], own: dict) -> str:
    """The help text, fetched only when this browser's own held comment needs it."""
    stack = list(roots)
    while stack:
        comment = stack.pop()
        if comment.pk in own and comment.crisis and comment.is_held:
            return CrisisHelp.current_message()
        stack.extend(getattr(comment, "children", []))
    return ""


def can_edit_comment(request: HttpRequest, own: dict | None, comment: Comment) -> bool:
    """Whether this browser wrote ``comment`` and may still edit or delete it."""
    own = own or {}
    return comment.pk in own and authorship.can_edit(request, comment, own)
