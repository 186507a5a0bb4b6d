"""
Clinical review in the admin: the sign-off screen, the review panel, the
"Clinical review" filter (the reviews-due list) and the next-review column.

``ClinicalReviewAdminMixin`` goes on PostAdmin. The screen at
``/admin/blog/post/<pk>/clinical-review/`` shows the post as readers will see
it and lets a licensed author who did not write it sign its review off
(``Post.can_be_signed_off_by``). That reviewer may be an author who cannot
otherwise open another author's draft: this screen, and nothing more, is
opened to them. Editors see it too, and sign only if they are licensed
reviewers themselves; they record a review someone else did in the change form.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from reversion.revisions import set_comment

from .models import Post

PANEL_TEMPLATE = "admin/blog/post/_clinical_review_panel.html"


class ClinicalReviewFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "clinical_review"

    def lookups(self, request, model_admin):
        return [("due", "Due or lapsed"), ("current", "Current"), ("not_needed", "Not needed")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "due":
                return queryset.clinical_reviews_due(on=today)
            case "current":
                return queryset.filter(reviewed_on__isnull=False, next_review_due__gt=today)
            case "not_needed":
                return queryset.filter(requires_clinical_review=False, reviewed_on__isnull=True)
        return queryset


class SignOffForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Optional. Kept in the post's history with your sign-off.",
    )


class ClinicalReviewIntervalForm(forms.ModelForm):
    """
    The post form's interval: forms and scripts from before the field existed
    leave it out, and the post then keeps its interval (12 months for a new
    one); sent empty, it is refused with a message.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "clinical_review_interval" in self.fields:
            self.fields["clinical_review_interval"].required = False

    def clean_clinical_review_interval(self) -> int:
        value = self.cleaned_data.get("clinical_review_interval")
        if value is not None:
            return value
        if self.add_prefix("clinical_review_interval") in self.data:
            raise ValidationError("Give the number of months, from 1 to 60.", code="required")
        return self.instance.clinical_review_interval


def signer_of(request: HttpRequest):
    """The author profile a sign-off is made under, if the user has one."""
    return getattr(request.user, "author_profile", None)


def review_summary(post: Post) -> str:
    """The history's words for a sign-off, with dates in the site's format."""
    return (
        f"Signed off the clinical review on {date_format(post.reviewed_on)}; "
        f"next review due {date_format(post.next_review_due)}."
    )


class ClinicalReviewAdminMixin:
    """PostAdmin's part of clinical review (see the module docstring)."""

    readonly_fields = ["clinical_review_panel"]

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/clinical-review/",
                self.admin_site.admin_view(self.clinical_review_view),
                name=f"{opts.app_label}_{opts.model_name}_clinical_review",
            ),
            *super().get_urls(),
        ]

    form = ClinicalReviewIntervalForm

    def get_list_display(self, request: HttpRequest):
        return [*super().get_list_display(request), "next_review_due_label"]

    def get_list_filter(self, request: HttpRequest):
        return [*super().get_list_filter(request), ClinicalReviewFilter]

    @admin.display(description="next review due", ordering="next_review_due")
    def next_review_due_label(self, post: Post) -> str:
        if post.next_review_due is None:
            return "Needs a review" if post.requires_clinical_review else "–"
        due = date_format(post.next_review_due)
        return due if post.clinical_review_is_current else f"{due} (lapsed)"

    @admin.display(description="review state")
    def clinical_review_panel(self, post: Post | None) -> SafeString:
        return render_to_string(PANEL_TEMPLATE, {"post": post})

    # --- The sign-off screen -------------------------------------------------

    def clinical_review_post(self, request: HttpRequest, object_id: str) -> Post:
        """The post, if this user may open its review screen: 404 or 403 otherwise."""
        try:
            post = (
                Post.objects.select_related("author", "reviewed_by")
                .filter(pk=unquote(object_id))
                .first()
            )
        except (ValueError, ValidationError):
            post = None
        if post is None:
            raise Http404("No such post.")
        if post.can_be_signed_off_by(signer_of(request)) or self.has_publish_permission(request):
            return post
        if self.has_view_permission(request, post):
            raise PermissionDenied  # their own post: they know of it, and may not sign it
        raise Http404("No such post.")

    def clinical_review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        post = self.clinical_review_post(request, object_id)
        signer = signer_of(request)
        may_sign = post.can_be_signed_off_by(signer)
        form = SignOffForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if not may_sign:
                raise PermissionDenied
            if form.is_valid():
                self.sign_off(request, post, signer, form.cleaned_data["note"])
                return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Clinical review: {post.title}",
            "subtitle": None,
            "post": post,
            "may_sign": may_sign,
            "signer": signer,
            "is_editor": self.has_publish_permission(request),
            "may_change": self.has_change_permission(request, post),
            "form": form,
        }
        return TemplateResponse(request, "admin/blog/post/clinical_review.html", context)

    def sign_off(self, request: HttpRequest, post: Post, signer, note: str) -> None:
        """Sign under the row lock, so two reviewers signing at once both leave a true record."""
        with transaction.atomic():
            locked = Post.objects.select_for_update().get(pk=post.pk)
            with self.create_revision(request):
                locked.sign_off_clinical_review(signer)
                message = review_summary(locked) + (f" Note: {note}" if note else "")
                set_comment(message)
            self.log_change(request, locked, message)
        messages.success(
            request,
            f"You signed off the clinical review of “{locked.title}”. "
            f"Next review due {date_format(locked.next_review_due)}.",
        )
