import re

from django import template
from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import SafeString

from comments import authorship
from comments.forms import CommentForm
from comments.models import Comment, CrisisHelp, comments_are_open
from comments.moderation import make_form_token

register = template.Library()


class CommentUrlizer(Urlizer):
    """Django's urlize, limited to bare http(s) URLs, with the rel a comment link needs."""

    url_template = '<a href="{href}" rel="nofollow ugc noopener">{url}</a>'
    simple_url_2_re = re.compile(r"(?!)")  # no "www." or bare domains

    def is_email_simple(self, value) -> bool:  # never link an address
        return False


urlize_comment = CommentUrlizer()


@register.filter(is_safe=True, needs_autoescape=True)
def comment_text(value: str, autoescape: bool = True) -> SafeString:
    """A comment's plain text as HTML: escaped, paragraphs and line breaks kept, URLs linked."""
    return SafeString(linebreaks(urlize_comment(value, trim_url_limit=60, autoescape=True)))


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context, post) -> dict:
    """Everything under a post: the threads, the form, or "Comments are closed."."""
    request = context["request"]
    own = authorship.written(request)
    threads = Comment.objects.threads(post, page=request.GET.get("cpage", 1), own_ids=own)
    open_ = comments_are_open(post)
    reply_to = None
    replytocom = request.GET.get("replytocom", "")
    if open_ and replytocom.isdigit():
        reply_to = Comment.objects.approved().filter(post=post, pk=int(replytocom)).first()
    form = None
    if open_:
        form = CommentForm(
            user=request.user,
            initial={"token": make_form_token(), "parent": reply_to.pk if reply_to else None},
        )
    author_user_id = getattr(post.author, "user_id", None)
    return {
        "post": post,
        "threads": threads,
        "comments_open": open_,
        "form": form,
        "reply_to": reply_to,
        "own": own,
        "author_user_id": author_user_id,
        "request": request,
        "user": request.user,
        "crisis_message": _crisis_message(threads.comments, own),
        "max_depth": 3,
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


@register.simple_tag(takes_context=True)
def can_edit_comment(context, comment: Comment) -> bool:
    own = context.get("own") or {}
    return comment.pk in own and authorship.can_edit(context["request"], comment, own)
