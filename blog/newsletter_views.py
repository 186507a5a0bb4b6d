"""
The newsletter's public pages: subscribing (the form on /newsletter/ and
after every post), confirming from the mailed link, unsubscribing.

The form after a post is on a page cached for everyone, so it carries no
CSRF token: newsletter.js fetches one (``token/``). Without JavaScript the
check fails and the reader sees the form again, address kept, with a token
this time, instead of Django's 403 page. No page shows whether an address is
on the list, and none is cached (they are never_cache or carry a token).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core.client_address import client_ip, hash_ip
from core.rate_limits import over_limit
from core.signed_links import LinkProblem

from . import newsletter
from .newsletter_forms import ConfirmForm, SubscribeForm

RATE_LIMITED = (
    "You have asked several times in a short while. Please wait a few minutes, "
    "then press Subscribe again: your address is kept below."
)
TOKEN_MISSING = (
    "Please press Subscribe once more: this page had been open a while or came "
    "from a saved copy, so your browser's check did not go through."
)


def _page(request: HttpRequest, form: SubscribeForm, message: str = "", status: int = 200):
    response = render(
        request,
        "blog/newsletter/subscribe.html",
        {"form": form, "message": message},
        status=status,
    )
    return response


@never_cache
@require_GET
def form_token(request: HttpRequest) -> JsonResponse:
    """A CSRF token for the form on a cached page (newsletter.js puts it in)."""
    return JsonResponse({"token": get_token(request)})


# CSRF is checked below rather than by the middleware so that a failed check
# (no JavaScript, a stale page) shows the form again with the address kept.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, SubscribeForm(initial={"source": request.path}))
    form = SubscribeForm(request.POST)
    if CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}):
        form.is_valid()
        return _page(request, SubscribeForm(initial=form.data.dict()), TOKEN_MISSING, 403)
    ip_hash = hash_ip(client_ip(request))
    limit = settings.NEWSLETTER_RATE_LIMIT
    if over_limit("newsletter", ip_hash, limit, settings.NEWSLETTER_RATE_LIMIT_SECONDS):
        return _page(request, form, RATE_LIMITED, 429)
    if not form.is_valid():
        return _page(request, form, "Your address was not subscribed:", 400)
    if not form.is_bot:
        email, source = form.cleaned_data["email"], form.cleaned_data["source"]
        newsletter.ask_to_subscribe(email, newsletter.Request(source=source, ip_hash=ip_hash))
    # The same answer for a new, pending or subscribed address (and a bot).
    return HttpResponseRedirect(reverse("blog:newsletter_check_inbox"))


@require_GET
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "blog/newsletter/check_inbox.html")


def _link_problem(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "blog/newsletter/link_problem.html", {"message": message}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """
    GET shows the choice of frequency and a Confirm button (a mail scanner
    opening the link confirms nothing); POST records the consent.
    """
    try:
        subscriber = newsletter.subscriber_to_confirm(token)
    except LinkProblem as problem:
        return _link_problem(request, str(problem))
    form = ConfirmForm(request.POST or None, initial={"frequency": subscriber.frequency})
    if request.method == "POST" and form.is_valid():
        subscriber = newsletter.confirm(subscriber, form.cleaned_data["frequency"])
        return render(request, "blog/newsletter/confirmed.html", {"subscriber": subscriber})
    return render(
        request,
        "blog/newsletter/confirm.html",
        {"form": form, "subscriber": subscriber},
        status=400 if form.errors else 200,
    )


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to this
# address with no cookie and no token of ours; the signed link is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """POST unsubscribes at once; GET shows one button that POSTs here."""
    try:
        subscriber = newsletter.subscriber_to_unsubscribe(token)
    except LinkProblem as problem:
        return _link_problem(request, str(problem))
    if request.method == "POST":
        if subscriber is not None:
            newsletter.unsubscribe(subscriber)
        return render(request, "blog/newsletter/unsubscribed.html")
    return render(request, "blog/newsletter/unsubscribe.html", {"token": token})


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """
    From the footer of every newsletter mail (the same signed link as
    unsubscribing): every new post or the weekly digest.
    """
    try:
        subscriber = newsletter.subscriber_to_unsubscribe(token)
    except LinkProblem as problem:
        return _link_problem(request, str(problem))
    if subscriber is None or not subscriber.is_confirmed:
        return _link_problem(
            request, "This address is not subscribed. Subscribe again if you wish."
        )
    form = ConfirmForm(request.POST or None, initial={"frequency": subscriber.frequency})
    if request.method == "POST" and form.is_valid():
        subscriber = newsletter.confirm(subscriber, form.cleaned_data["frequency"])
        return render(request, "blog/newsletter/confirmed.html", {"subscriber": subscriber})
    return render(
        request,
        "blog/newsletter/confirm.html",
        {"form": form, "subscriber": subscriber, "heading": "Choose what we send you"},
        status=400 if form.errors else 200,
    )
