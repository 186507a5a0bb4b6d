"""
Preview links in the admin: editors make and revoke them for any post,
authors for their own posts only (the post field offers nothing else, and a
forged POST naming another author's post is refused by the form and again
on save). The change page shows the address to send and who opened it.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from . import workflow
from .models import Post, PreviewLink

# What the person making a link picks; "date" uses the date they type.
LIFETIMES = {
    "1h": ("1 hour", timedelta(hours=1)),
    "1d": ("1 day", timedelta(days=1)),
    "7d": ("7 days", timedelta(days=7)),
    "30d": ("30 days", timedelta(days=30)),
}
UNTIL_DATE = "date"
OPENINGS_SHOWN = 50


def may_manage_links_to(user, post: Post) -> bool:
    """Editors for every post, authors for their own."""
    return workflow.is_publisher(user) or workflow.is_own(post, user)


class PreviewLinkAddForm(forms.ModelForm):
    valid_for = forms.ChoiceField(
        label="Valid for",
        choices=[(key, label) for key, (label, _) in LIFETIMES.items()]
        + [(UNTIL_DATE, "Until the date below")],
        initial="7d",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = PreviewLink
        fields = ["post", "expires_at"]
        help_texts = {"expires_at": "Only with “Until the date below”."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].required = False

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("valid_for")
        if choice in LIFETIMES:
            cleaned["expires_at"] = timezone.now() + LIFETIMES[choice][1]
            self.instance.expires_at = cleaned["expires_at"]
        elif choice == UNTIL_DATE:
            expires_at = cleaned.get("expires_at")
            if expires_at is None:
                self.add_error("expires_at", "Give the date and time the link stops working.")
            elif expires_at <= timezone.now():
                self.add_error("expires_at", "Choose a time in the future.")
        return cleaned


class PreviewLinkChangeForm(forms.ModelForm):
    revoke = forms.BooleanField(
        label="Revoke this link",
        required=False,
        help_text="Whoever opens it from now on is told it was revoked.",
    )

    class Meta:
        model = PreviewLink
        fields: list[str] = []


class PreviewLinkStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PreviewLink.State.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case PreviewLink.State.ACTIVE:
                return queryset.active(now)
            case PreviewLink.State.EXPIRED:
                return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
            case PreviewLink.State.REVOKED:
                return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    list_display = [
        "post", "created_by", "expires_at", "state_label", "opening_count", "last_opened_at",
    ]  # fmt: skip
    list_filter = [PreviewLinkStateFilter]
    list_select_related = ["post", "created_by"]
    search_fields = ["post__title"]
    autocomplete_fields = ["post"]
    actions = ["revoke_selected"]
    SHOWN = [
        "post", "state_label", "created_by", "created_at", "expires_at", "revoked_at",
        "revoked_by", "openings_log",
    ]  # fmt: skip

    # --- Who sees and does what --------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[PreviewLink]:
        return (
            super()
            .get_queryset(request)
            .managed_by(request.user)
            .with_openings()
            # The rows' __str__ names the post, the change page its author.
            .select_related("post__author", "created_by", "revoked_by")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and (
            workflow.is_publisher(request.user) or hasattr(request.user, "author_profile")
        )

    def has_view_permission(self, request: HttpRequest, obj: PreviewLink | None = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or may_manage_links_to(request.user, obj.post))

    def has_change_permission(self, request: HttpRequest, obj: PreviewLink | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_links_to(request.user, obj.post))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "post" and not workflow.is_publisher(request.user):
            kwargs["queryset"] = Post.objects.filter(author__user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- The forms ---------------------------------------------------------

    def get_form(self, request: HttpRequest, obj: PreviewLink | None = None, change=False, **kw):
        kw["form"] = PreviewLinkChangeForm if obj is not None else PreviewLinkAddForm
        return super().get_form(request, obj, change, **kw)

    def get_fieldsets(self, request: HttpRequest, obj: PreviewLink | None = None):
        if obj is None:
            return [(None, {"fields": ["post", "valid_for", "expires_at"]})]
        fields = list(self.SHOWN)
        if obj.is_active and self.has_change_permission(request, obj):
            fields.insert(2, "revoke")
        return [(None, {"fields": fields})]

    def get_readonly_fields(self, request: HttpRequest, obj: PreviewLink | None = None):
        return self.SHOWN if obj is not None else []

    def save_model(self, request: HttpRequest, obj: PreviewLink, form, change: bool) -> None:
        # The form offers only the person's own posts; this holds whatever was posted.
        if not may_manage_links_to(request.user, obj.post):
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
        elif form.cleaned_data.get("revoke"):
            obj.revoke(request.user)

    def response_add(self, request: HttpRequest, obj: PreviewLink, post_url_continue=None):
        if IS_POPUP_VAR in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # Straight to the page with the address to copy.
        url = request.build_absolute_uri(obj.get_absolute_url())
        self.message_user(
            request,
            format_html("Preview link created. Send this address: {}", url),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:blog_previewlink_change", args=[obj.pk]))

    # --- Columns and read-only fields ----------------------------------------

    @admin.display(description="state")
    def state_label(self, link: PreviewLink) -> str:
        return link.get_state_display()

    @admin.display(description="openings", ordering="opening_count")
    def opening_count(self, link: PreviewLink) -> int:
        return link.opening_count

    @admin.display(description="last opened", ordering="last_opened_at")
    def last_opened_at(self, link: PreviewLink):
        return link.last_opened_at

    @admin.display(description="opened")
    def openings_log(self, link: PreviewLink) -> str:
        openings = list(link.openings.select_related("user")[:OPENINGS_SHOWN])
        if not openings:
            return "Not opened yet."
        rows = format_html_join("", "<li>{}</li>", ((str(opening),) for opening in openings))
        total = link.opening_count
        more = f" (the latest {OPENINGS_SHOWN} of {total})" if total > OPENINGS_SHOWN else ""
        return format_html("<p>{} opening(s){}</p><ul>{}</ul>", total, more, rows)

    # --- Revoking ------------------------------------------------------------

    @admin.action(description="Revoke selected preview links", permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[PreviewLink]) -> None:
        count = 0
        for link in queryset.active():
            if may_manage_links_to(request.user, link.post):
                link.revoke(request.user)
                count += 1
        self.message_user(request, f"Revoked {count} preview link(s).", messages.SUCCESS)
