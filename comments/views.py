from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from blog.models import Post
from blog.newsletter import address_problem
from core.client_address import hash_ip
from core.rate_limits import over_limit
from core.signed_links import LinkProblem

from . import authorship, moderation, notifications, privacy, reply_addresses, spam_learning
from .forms import CommentEditForm, CommentForm
from .models import Comment, comments_are_open


def refused(request: HttpRequest, title: str, message: str, status: int, post=None):
    """A clear page for a request that cannot be honoured; nothing was stored."""
    return render(
        request,
        "comments/refused.html",
        {"title": title, "message": message, "post": post},
        status=status,
    )


def form_page(request, post, form, message="", status=400, reply_to=None) -> HttpResponse:
    """The form again, with what was typed and why it was not posted."""
    return render(
        request,
        "comments/form_page.html",
        {"post": post, "form": form, "message": message, "reply_to": reply_to},
        status=status,
    )


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _csrf_failure(request: HttpRequest) -> HttpResponse | None:
    """Django's CSRF check, as the middleware would make it."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


@never_cache
def form_token(request: HttpRequest) -> JsonResponse:
    """
    A fresh form token for this visitor. The post page is cached and shared,
    so the token in its HTML is everyone's; comments.js swaps in its own.
    """
    return JsonResponse({"token": moderation.make_form_token()})


RATE_LIMITED = (
    "You have posted several comments in a short time. Please wait a minute, "
    "then post this one again: your text is kept below."
)


# The comment form sits on pages cached for every anonymous visitor, so it
# cannot carry a per-visitor CSRF token. An anonymous comment acts on no one's
# behalf (nothing a forged post could do that a direct one cannot), and its
# spam defences are the signed form token, honeypot and rate limit. A writer
# who is logged in acts with their session: for them the token is checked.
@csrf_exempt
@require_POST
def post_comment(request: HttpRequest, post_id: int) -> HttpResponse:
    if request.user.is_authenticated and (failure := _csrf_failure(request)):
        return failure
    post = Post.objects.published().select_related("author").filter(pk=post_id).first()
    if post is None:
        return refused(
            request, "Post not found", "There is no published post to comment on here.", 404
        )
    if not comments_are_open(post):
        return refused(request, "Comments are closed.", "Comments are closed.", 400, post)

    ip_hash = hash_ip(moderation.client_ip(request))
    form = CommentForm(request.POST, user=request.user, post=post, ip_hash=ip_hash)
    if moderation.rate_limited(ip_hash):
        form.is_valid()  # to show the text again, as typed
        return form_page(request, post, form.shown_again(refused=False), RATE_LIMITED, status=429)
    if not form.is_valid():
        message = form.refusal()  # the form's checks: CommentForm and CommentSecurityForm
        return form_page(request, post, form.shown_again(), message)

    comment = form.new_comment(user_agent=moderation.short_user_agent(request))
    with transaction.atomic():
        comment.save()
        spam_learning.remember_filed_spam(comment)
        form.spend_token()
        notifications.after_submit(comment, _base_url(request))
    response = HttpResponseRedirect(comment.get_absolute_url())
    if comment.status != Comment.Status.SPAM:
        authorship.remember(request, response, comment)
    return response


def _own_comment(request: HttpRequest, pk: int) -> Comment | None:
    comment = Comment.objects.select_related("post").filter(pk=pk).first()
    if comment is None or not authorship.can_edit(request, comment):
        return None
    return comment


NOT_YOURS = (
    "This comment can be changed only from the browser that posted it, "
    "in the first minutes after posting."
)


@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if comment is None:
        return refused(request, "You cannot edit this comment", NOT_YOURS, 403)
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        verdict = moderation.assess(comment, trusted=comment.user_id is not None)
        if comment.status == Comment.Status.APPROVED and verdict.status != Comment.Status.APPROVED:
            comment.status = verdict.status
            if verdict.status == Comment.Status.SPAM:
                comment.marked_spam_at = timezone.now()
        if verdict.reasons:
            comment.reasons = [*comment.reasons, *verdict.reasons]
        comment.crisis = comment.crisis or verdict.crisis
        comment.edited_at = timezone.now()
        comment.save()
        return HttpResponseRedirect(comment.get_absolute_url())
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "form": form, "post": comment.post},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if comment is None:
        return refused(request, "You cannot delete this comment", NOT_YOURS, 403)
    if request.method == "POST":
        post = comment.post
        if comment.replies.exists():
            # Others answered it: keep their thread, hide this one.
            comment.status = Comment.Status.REMOVED
            comment.reasons = [
                *comment.reasons,
                {"layer": "writer", "detail": "deleted by its writer"},
            ]
            comment.save(update_fields=["status", "reasons"])
        else:
            comment.delete()
        return HttpResponseRedirect(post.get_absolute_url() + "#comments")
    return render(request, "comments/delete.html", {"comment": comment, "post": comment.post})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    comment = notifications.comment_from_unsubscribe_token(token)
    if comment is None:
        return refused(request, "Link not recognised", "This unsubscribe link is not valid.", 400)
    # Every comment from the same writer: one click stops all reply mail.
    mine = Comment.objects.filter(pk=comment.pk)
    if comment.email:
        mine = Comment.objects.filter(email__iexact=comment.email)
    mine.update(notify_replies=False)
    return render(request, "comments/unsubscribed.html", {"post": comment.post})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_address(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (a mail scanner confirms nothing); POST confirms the address."""
    try:
        email = reply_addresses.address_from(token)
    except LinkProblem as problem:
        return refused(request, "This link does not work", str(problem), 400)
    if request.method == "POST":
        reply_addresses.confirm(email)
        return render(request, "comments/address_confirmed.html")
    return render(request, "comments/confirm_address.html")


# --- A reader's own comments: export or erase, after a link to the address ---------


@never_cache
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """The address typed here gets a link (if it wrote comments); the answer is the same."""
    email = request.POST.get("email", "").strip() if request.method == "POST" else ""
    problem = ""
    if request.method == "POST":
        ip_hash = hash_ip(moderation.client_ip(request))
        if over_limit("comments-data", ip_hash, 5, 600):
            problem = "You have asked several times in a short while. Please wait a few minutes."
        elif problem := address_problem(request.POST.get("email", "")):
            pass
        else:
            privacy.mail_request_link(email, _base_url(request))
            return render(request, "comments/my_data_sent.html")
    return render(
        request,
        "comments/my_data.html",
        {"email": request.POST.get("email", ""), "problem": problem},
        status=400 if problem else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def my_data_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the two choices; POST exports (JSON) or erases, as chosen."""
    try:
        email = privacy.email_from_request(token)
    except LinkProblem as problem:
        return refused(request, "This link does not work", str(problem), 400)
    if request.method == "POST" and request.POST.get("choice") == "export":
        response = JsonResponse(privacy.export_payload(email), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
        return response
    if request.method == "POST" and request.POST.get("choice") == "erase":
        deleted, blanked, _ = privacy.erase_address(email)
        return render(
            request, "comments/my_data_erased.html", {"deleted": deleted, "blanked": blanked}
        )
    return render(request, "comments/my_data_confirm.html")
