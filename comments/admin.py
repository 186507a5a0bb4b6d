import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.text import Truncator

from core.models import OutgoingMail

from . import (
    admin_spam,  # noqa: F401  (registers the spam folder)
    decisions,
    notifications,
)
from .admin_evidence import EvidenceColumns
from .models import Comment, CrisisHelp, CrisisPhrase
from .privacy import comments_of_emails, erase, export_rows

QUEUE_ORDER = Case(
    When(status=Comment.Status.PENDING, then=Value(0)),
    When(status=Comment.Status.APPROVED, then=Value(1)),
    When(status=Comment.Status.SPAM, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def emails_of(queryset: QuerySet[Comment]) -> list[str]:
    return sorted({email.casefold() for email in queryset.values_list("email", flat=True) if email})


@admin.register(Comment)
class CommentAdmin(EvidenceColumns, admin.ModelAdmin):
    list_display = [
        "excerpt",
        "name",
        "status",
        "crisis_flag",
        "why",
        "score",
        "post",
        "in_reply_to",
        "created_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["status", "crisis", "created_at"]
    list_select_related = ["post", "parent"]
    search_fields = ["name", "email", "post__title", "body"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "remove", "export_json", "erase_by_email"]
    raw_id_fields = ["post", "parent", "user"]
    readonly_fields = [
        "post",
        "in_reply_to",
        "evidence",
        "score",
        "ip_hash",
        "user_agent",
        "depth",
        "created_at",
        "marked_spam_at",
    ]
    fields = [
        "post",
        "in_reply_to",
        "status",
        "evidence",
        "score",
        "marked_spam_at",
        "crisis",
        "name",
        "email",
        "url",
        "body",
        "notify_replies",
        "user",
        "depth",
        "created_at",
        "ip_hash",
        "user_agent",
    ]
    change_list_template = "admin/comments/comment/change_list.html"
    list_per_page = 50

    def get_ordering(self, request: HttpRequest):
        # The queue: pending first, crisis language first among them, newest first.
        return [QUEUE_ORDER.asc(), "-crisis", "-created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from readers, through the form

    @admin.display(description="comment")
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(60)

    @admin.display(description="in reply to")
    def in_reply_to(self, comment: Comment) -> str:
        if comment.parent is None:
            return "—"
        return f"{comment.parent.name}: {Truncator(comment.parent.body).chars(40)}"

    @admin.display(description="crisis language", ordering="crisis")
    def crisis_flag(self, comment: Comment) -> str:
        # A warning to act on first, not Django's green "yes" tick (which read
        # as "all good"); nothing at all on the ordinary rows.
        if not comment.crisis:
            return ""
        return format_html('<span class="crisis-flag">{}</span>', "Crisis language")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        counts = dict(
            Comment.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
        )
        extra_context = {
            **(extra_context or {}),
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in Comment.Status.choices
            ],
            "crisis_pending": Comment.objects.pending().filter(crisis=True).count(),
            # The queue needs the whole width to fit a 1280 px window without
            # scrolling sideways; the breadcrumbs still lead back to the other lists.
            "is_nav_sidebar_enabled": False,
        }
        return super().changelist_view(request, extra_context)

    def _base_url(self, request: HttpRequest) -> str:
        return f"{request.scheme}://{request.get_host()}"

    def save_model(self, request, comment: Comment, form, change) -> None:
        became_approved = (
            change and "status" in form.changed_data and comment.status == Comment.Status.APPROVED
        )
        if change and "status" in form.changed_data:
            decisions.status_changed(comment, form.initial.get("status", ""))
        super().save_model(request, comment, form, change)
        if became_approved:
            notifications.after_approval([comment], self._base_url(request))

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = decisions.publish(queryset, self._base_url(request))
        self.message_user(request, f"Approved {count} comment(s).", messages.SUCCESS)

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = decisions.mark_spam(queryset)
        self.message_user(
            request,
            f"Marked {count} comment(s) as spam. The spam filter learnt from them.",
            messages.SUCCESS,
        )

    @admin.action(description="Remove selected comments (hide them)", permissions=["change"])
    def remove(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = decisions.hide(queryset, Comment.Status.REMOVED)
        self.message_user(request, f"Removed {count} comment(s).", messages.SUCCESS)

    @admin.action(
        description="Export all comments by the selected writers' emails (JSON)",
        permissions=["view"],
    )
    def export_json(self, request: HttpRequest, queryset: QuerySet[Comment]) -> HttpResponse:
        emails = emails_of(queryset)
        payload = {"emails": emails, "comments": export_rows(comments_of_emails(emails))}
        response = HttpResponse(
            json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="comments-export.json"'
        return response

    @admin.action(
        description="Erase all comments by the selected writers' emails", permissions=["delete"]
    )
    def erase_by_email(self, request: HttpRequest, queryset: QuerySet[Comment]):
        emails = emails_of(queryset)
        targets = comments_of_emails(emails)
        if request.POST.get("confirm") == "yes":
            deleted, blanked = erase(targets)
            # The notices once sent to them go too: nothing is left with the address.
            mails = sum(OutgoingMail.objects.erase_address(email) for email in emails)
            self.message_user(
                request,
                f"Erased the comments of {len(emails)} email address(es): {deleted} deleted, "
                f"{blanked} blanked because others had replied to them; "
                f"{mails} message(s) to them erased.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/comments/comment/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Erase comments by email address",
                "emails": emails,
                "count": targets.count(),
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(CrisisPhrase)
class CrisisPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "language", "is_active"]
    list_filter = ["language", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["phrase"]


@admin.register(CrisisHelp)
class CrisisHelpAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One message: edit it rather than adding another.
        return super().has_add_permission(request) and not CrisisHelp.objects.exists()
