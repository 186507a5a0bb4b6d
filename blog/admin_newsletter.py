"""
The newsletter in the admin, for editors only (the Editors group's
permissions, blog/migrations/0023_newsletter.py): subscribers with search,
CSV export and complete erasure; each send with its counts and a progress
bar. Authors hold none of these permissions and never see an address. The
post's "send a test to me" button is ``NewsletterTestAdminMixin``.
"""

import csv

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import newsletter, workflow
from .models import NewsletterSend, Post, Subscriber
from .newsletter_sending import send_test

CSV_FIELDS = [
    "email",
    "status",
    "frequency",
    "source",
    "subscribed_at",
    "confirmed_at",
    "unsubscribed_at",
    "bounced_at",
]


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, - or @ would run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "frequency", "source", "subscribed_at", "confirmed_at"]
    list_filter = ["status", "frequency"]
    search_fields = ["email", "source"]
    date_hierarchy = "subscribed_at"
    # Only the frequency is the editor's to change: a status is the reader's
    # (confirmed by their own link) or the mail server's (bounced).
    readonly_fields = [
        "email",
        "status",
        "source",
        "subscribed_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
    ]
    fields = ["email", "status", "frequency", *readonly_fields[2:]]
    actions = ["export_csv", "erase"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Nobody subscribes someone else: addresses come from their own confirmation.
        return False

    def get_actions(self, request: HttpRequest, action_location=ActionLocation.CHANGE_LIST) -> dict:
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Export selected subscribers to CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> HttpResponse:
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow(CSV_FIELDS)
        for row in queryset.order_by("email").values_list(*CSV_FIELDS).iterator():
            writer.writerow([csv_cell(value) for value in row])
        return response

    @admin.action(
        description="Erase selected addresses completely (with their delivery log)",
        permissions=["delete"],
    )
    def erase(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        count = sum(newsletter.erase(email) for email in queryset.values_list("email", flat=True))
        self.message_user(
            request, f"Erased {count} address(es) and every delivery to them.", messages.SUCCESS
        )


@admin.register(NewsletterSend)
class NewsletterSendAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "created_at", "queued", "sent", "failed", "remaining", "bar"]
    list_filter = ["kind"]
    readonly_fields = [
        "kind",
        "post",
        "week",
        "created_at",
        "prepared_at",
        "finished_at",
        "queued",
        "sent",
        "failed",
        "remaining",
        "bar",
    ]
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[NewsletterSend]:
        return super().get_queryset(request).select_related("post").with_counts()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="queued", ordering="total")
    def queued(self, send: NewsletterSend) -> int:
        return send.total

    @admin.display(description="sent")
    def sent(self, send: NewsletterSend) -> int:
        return send.sent_count

    @admin.display(description="failed")
    def failed(self, send: NewsletterSend) -> int:
        return send.failed_count

    @admin.display(description="remaining")
    def remaining(self, send: NewsletterSend) -> int:
        return send.remaining_count

    @admin.display(description="progress")
    def bar(self, send: NewsletterSend) -> str:
        # A <progress> element: no inline style, which the CSP forbids.
        done = send.total - send.remaining_count
        return format_html(
            '<progress max="{}" value="{}">{} of {}</progress>',
            max(send.total, 1),
            done,
            done,
            send.total,
        )


class NewsletterTestAdminMixin:
    """The post's "Send a test to me" button: the subscribers' mail, to the editor only."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/newsletter-test/",
                wrap(self.newsletter_test_view),
                name="blog_post_newsletter_test",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and workflow.is_publisher(request.user):
            context["newsletter_test_url"] = reverse(
                "admin:blog_post_newsletter_test", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def newsletter_test_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not workflow.is_publisher(request.user):
            raise PermissionDenied
        post = Post.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if post is None:
            raise Http404("No such post.")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        change_url = reverse("admin:blog_post_change", args=[post.pk])
        if not request.user.email:
            messages.error(request, "Your account has no email address to send the test to.")
            return HttpResponseRedirect(change_url)
        send_test(post, request.user.email)
        messages.success(
            request, f"A test of the subscribers' email is on its way to {request.user.email}."
        )
        return HttpResponseRedirect(change_url)
