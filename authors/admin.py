"""
Profiles, credentials and booking clicks in the admin.

Editors (``authors.edit_any_author``) see and change everything and verify
credentials (``authors.verify_credential``). Everyone else in the admin, the
Authors group, sees only their own profile, credentials and clicks: other
rows are left out of every list, and their pages answer 403 or send back to
the index, whatever URL is typed.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin

from core.image_admin import ImageNotStoredAdminMixin, MediaChooserAdminMixin
from core.revisions import HistoryAdmin

from .booking import click_report
from .models import (
    EXPIRY_WARNING_DAYS,
    Approach,
    Author,
    BookingClick,
    Credential,
    FocusArea,
    Language,
)

EDITOR_ONLY_AUTHOR_FIELDS = ["user", "slug", "is_active"]


def can_edit_any_author(request: HttpRequest) -> bool:
    return request.user.has_perm("authors.edit_any_author")


def can_verify(request: HttpRequest) -> bool:
    return request.user.has_perm("authors.verify_credential")


def own_profile(request: HttpRequest) -> Author | None:
    # Kept on request.user by the reverse accessor: asked by several admins
    # on one page (the app list), it costs one query, not one each.
    return getattr(request.user, "author_profile", None)


def apply_verification(request: HttpRequest, credential: Credential, changed: list[str]) -> None:
    """
    The verification fields follow the editor's tick box, stamped with who
    and when. For anyone else they are read-only, and ``Credential.save``
    clears the verification when they change the text.
    """
    if not can_verify(request):
        return
    if "verified" in changed:
        if credential.verified:
            credential.mark_verified(request.user)
        else:
            credential.clear_verification()
    elif credential.verified and credential.text_changed():
        # An editor who edits a verified credential and keeps the tick vouches for the new text.
        credential.mark_verified(request.user)


AWAITING_VERIFICATION = "Awaiting verification: not shown on the site until an editor verifies it"


def verification_status(credential: Credential) -> str:
    if not credential.pk or not credential.is_public:
        return AWAITING_VERIFICATION
    if credential.is_expired:
        return f"Expired on {credential.expires_on:%b %-d, %Y}: no longer shown as verified"
    who = credential.verified_by.get_username() if credential.verified_by else "an editor"
    return f"Verified by {who} on {timezone.localtime(credential.verified_at):%b %-d, %Y}"


class OwnRowsMixin:
    """Rows of other authors are invisible and unreachable for non-editors."""

    def owns(self, request: HttpRequest, obj) -> bool:
        raise NotImplementedError

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or can_edit_any_author(request):
            return allowed
        return self.owns(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or can_edit_any_author(request):
            return allowed
        return self.owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed or can_edit_any_author(request):
            return allowed
        return self.owns(request, obj)


class CredentialInline(admin.StackedInline):
    model = Credential
    extra = 0
    fields = [
        ("abbreviation", "title", "kind"),
        ("issuer", "jurisdiction"),
        ("licence_number", "expires_on"),
        "position",
        ("verified", "verification"),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["verification"] if can_verify(request) else ["verified", "verification"]

    @admin.display(description="verification")
    def verification(self, credential: Credential) -> str:
        return verification_status(credential)


class ExpiryFilter(admin.SimpleListFilter):
    title = "expiry"
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("soon", f"Expiring in the next {EXPIRY_WARNING_DAYS} days"),
            ("expired", "Expired"),
        ]

    def queryset(self, request, queryset: QuerySet[Credential]):
        if self.value() == "soon":
            return queryset.expiring_within(EXPIRY_WARNING_DAYS)
        if self.value() == "expired":
            return queryset.expired()
        return queryset


@admin.register(Author)
class AuthorAdmin(
    ImageNotStoredAdminMixin,
    MediaChooserAdminMixin,
    OwnRowsMixin,
    HistoryAdmin,
    MarkdownxModelAdmin,
):
    list_display = ["name", "credentials_column", "headline", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "headline"]
    inlines = [CredentialInline]
    readonly_fields = ["photo_preview", "booking_clicks", "accepting_confirmed_on"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "user", "headline", "short_bio", "bio"]}),
        ("Photo", {"fields": ["photo", "photo_preview"]}),
        (
            "In the directory",
            {
                "description": "What readers filter the directory on. Where you are "
                "licensed comes from your verified licences (Credentials below).",
                "fields": [
                    "focus_areas",
                    "approaches",
                    "languages",
                    ("offers_in_person", "in_person_location"),
                    "offers_online",
                    ("accepting_clients", "accepting_confirmed_on"),
                    "fees",
                    "payment_options",
                ],
            },
        ),
        ("Booking", {"fields": ["booking_url", "booking_label", "booking_clicks"]}),
        ("Links", {"fields": ["website", "social_links"]}),
        ("Settings", {"fields": ["is_active", "notify_on_comments"]}),
    ]

    def owns(self, request, obj: Author) -> bool:
        return obj.user_id is not None and obj.user_id == request.user.pk

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user").with_credentials()
        if can_edit_any_author(request):
            return queryset
        return queryset.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_edit_any_author(request):
            fields += EDITOR_ONLY_AUTHOR_FIELDS
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name"]} if can_edit_any_author(request) else {}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Short lists editors keep: tick boxes, which need no JavaScript.
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj: Author, form, change):
        # Saved by a person with the box ticked: she vouches for it today.
        obj.confirm_availability()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Credential:
            return super().save_formset(request, form, formset, change)
        saved = formset.save(commit=False)
        for credential_form in formset.forms:
            if credential_form.instance in saved:
                apply_verification(request, credential_form.instance, credential_form.changed_data)
        for credential in saved:
            credential.save()
        for credential in formset.deleted_objects:
            credential.delete()
        formset.save_m2m()

    @admin.display(description="credentials")
    def credentials_column(self, author: Author) -> str:
        # All of them, so an editor sees at a glance what waits for her.
        return ", ".join(
            credential.abbreviation + ("" if credential.is_public else " (awaiting verification)")
            for credential in author.credential_list
        )

    @admin.display(description="current photo")
    def photo_preview(self, author: Author) -> str:
        photo = author.profile_photo
        if not photo:
            return "No photo yet."
        return format_html(
            '<img src="{}" srcset="{}" alt="Your current photo" width="{}" height="{}">',
            photo.src,
            photo.srcset,
            photo.size,
            photo.size,
        )

    @admin.display(description="booking clicks")
    def booking_clicks(self, author: Author) -> str:
        if not author.pk:
            return "-"
        row = click_report(Author.objects.filter(pk=author.pk))[0]
        return f"{row.total} in all, {row.recent} in the last 30 days"


@admin.register(Credential)
class CredentialAdmin(OwnRowsMixin, HistoryAdmin):
    list_display = ["abbreviation", "title", "author", "kind", "expires_on", "verification"]
    list_filter = [ExpiryFilter, "verified", "kind"]
    list_select_related = ["author", "verified_by"]
    search_fields = ["abbreviation", "title", "author__name", "issuer"]
    fields = [
        "author",
        ("abbreviation", "title", "kind"),
        ("issuer", "jurisdiction"),
        ("licence_number", "expires_on"),
        "position",
        ("verified", "verification"),
    ]

    def owns(self, request, obj: Credential) -> bool:
        return obj.author.user_id is not None and obj.author.user_id == request.user.pk

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("author", "verified_by")
        if can_edit_any_author(request):
            return queryset
        return queryset.filter(author__user=request.user)

    def has_add_permission(self, request):
        allowed = super().has_add_permission(request)
        return allowed and (can_edit_any_author(request) or own_profile(request) is not None)

    def get_readonly_fields(self, request, obj=None):
        fields = ["verification"]
        if not can_verify(request):
            fields.append("verified")
        if obj is not None and not can_edit_any_author(request):
            fields.append("author")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author" and not can_edit_any_author(request):
            # Her own profile is the only choice (save_model enforces it too):
            # no empty "---------" to pick by mistake.
            kwargs["queryset"] = Author.objects.filter(user=request.user)
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # Whoever has a profile adds credentials mostly for herself: it is
        # preselected (an editor may still pick anyone; ?author= wins).
        if "author" not in initial and (profile := own_profile(request)) is not None:
            initial["author"] = profile.pk
        return initial

    def save_model(self, request, obj: Credential, form, change):
        if not can_edit_any_author(request):
            if not change:
                obj.author = own_profile(request)
        apply_verification(request, obj, form.changed_data)
        super().save_model(request, obj, form, change)

    @admin.display(description="verification")
    def verification(self, credential: Credential) -> str:
        return verification_status(credential)


class DirectoryTermAdmin(admin.ModelAdmin):
    """The directory's lists, kept by editors (Django's permissions: authors have none)."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FocusArea)
class FocusAreaAdmin(DirectoryTermAdmin):
    pass


@admin.register(Approach)
class ApproachAdmin(DirectoryTermAdmin):
    pass


@admin.register(Language)
class LanguageAdmin(DirectoryTermAdmin):
    # The slug is the ISO code, typed, not made from the name.
    prepopulated_fields = {}


@admin.register(BookingClick)
class BookingClickAdmin(admin.ModelAdmin):
    """Not a list of rows: a report of clicks per author, each author seeing their own."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # Only the report: no change, delete or history pages for single clicks.
        return [
            path
            for path in super().get_urls()
            if getattr(path, "name", None) == f"{self.opts.app_label}_bookingclick_changelist"
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        authors = Author.objects.all()
        if not can_edit_any_author(request):
            authors = authors.filter(user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": "Booking clicks",
            "opts": self.opts,
            "rows": click_report(authors),
            "source_labels": BookingClick.Source.labels,
            "sees_everyone": can_edit_any_author(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/authors/bookingclick/report.html", context)
