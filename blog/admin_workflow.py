"""
The review workflow in the post admin (``PostAdmin`` includes the mixin):

- the change form's review panel: the transitions this person may take on
  this post ("Submit for review" saves and submits, "Withdraw from review"),
  the latest note an editor returned it with, and the history of notes;
- an author's save of her published post keeps a pending revision instead
  of changing the live post, and her form shows that pending version;
- the editors' review screen (``<pk>/review/``): the post as readers will
  see it, or the rendered difference of the pending changes, with a note
  and Publish / Schedule / Return to author;
- the POST-only transition URLs (``<pk>/submit/``, ``<pk>/withdraw/``).

The rules are ``blog.workflow``; this module only asks and shows.
"""

from datetime import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import workflow
from .models import PendingRevision, Post, ReviewStep
from .review_diff import rendered_diff

SUBMIT_BUTTON = "_submit_for_review"
NOTE_FIELD = "review_note"


def waiting_for_review_url() -> str:
    return reverse("admin:blog_post_changelist") + "?review=waiting"


def base_url_of(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").removesuffix("/")


class WorkflowFilter(admin.SimpleListFilter):
    """One click to what waits for someone: the editors' review, or the author's fixes."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting for review"),
            ("returned", "Returned to author"),
            ("pending", "Published, with changes not live"),
        ]

    def queryset(self, request, queryset: QuerySet[Post]) -> QuerySet[Post]:
        match self.value():
            case "waiting":
                return queryset.waiting_for_review()
            case "returned":
                return queryset.filter(pk__in=Post.objects.returned_to_author().values("pk"))
            case "pending":
                return queryset.filter(pk__in=PendingRevision.objects.open().values("post_id"))
        return queryset


class ReviewWorkflowAdminMixin:
    """ModelAdmin mixin for ``Post``: the review workflow's buttons, screens and pending edits."""

    # --- Who may edit what -------------------------------------------------------

    def author_may_edit(self, obj: Post) -> bool:
        """
        Whether the author may save her own post's form: a draft or a post
        taken down, and a published post (into its pending revision) while
        its changes are not with an editor. In review, she withdraws first.
        """
        if obj.status in (Post.Status.DRAFT, Post.Status.UNPUBLISHED):
            return True
        if obj.status == Post.Status.PUBLISHED:
            revision = workflow.open_revision(obj)
            return revision is None or revision.is_editable
        return False

    def keeps_pending(self, request: HttpRequest, obj: Post | None) -> bool:
        """An author's save of her published post goes into a pending revision."""
        return (
            obj is not None
            and obj.pk is not None
            and not workflow.is_publisher(request.user)
            and Post.objects.filter(pk=obj.pk, status=Post.Status.PUBLISHED).exists()
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Post | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Post.Status.PUBLISHED:
            if not workflow.is_publisher(request.user):
                # Only what a pending revision carries: the rest is the editors'.
                editable = set(PendingRevision.field_names())
                fields += [
                    f.name
                    for f in Post._meta.get_fields()
                    if getattr(f, "editable", False)
                    and (f.concrete or f.many_to_many)
                    and not f.auto_created
                    and f.name not in editable
                    and f.name not in fields
                ]
        return fields

    def get_prepopulated_fields(self, request: HttpRequest, obj: Post | None = None):
        readonly = set(self.get_readonly_fields(request, obj))
        prepopulated = super().get_prepopulated_fields(request, obj)
        return {name: source for name, source in prepopulated.items() if name not in readonly}

    def get_form(self, request: HttpRequest, obj: Post | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        revision = workflow.open_revision(obj) if self.keeps_pending(request, obj) else None
        if revision is None:
            return form
        pending = revision.form_initial()

        class PendingRevisionForm(form):
            """The author's form opens on her pending version, not the live one."""

            def __init__(self, *args, **kw) -> None:
                super().__init__(*args, **kw)
                self.initial.update({k: v for k, v in pending.items() if k in self.fields})

        PendingRevisionForm.__name__ = f"Pending{form.__name__}"
        return PendingRevisionForm

    # --- Saving ----------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Post, form, change: bool) -> None:
        if change and self.keeps_pending(request, obj):
            form.kept_pending = request.kept_pending = form.has_changed()
            if form.kept_pending:
                workflow.save_pending_revision(obj, request.user, form.cleaned_data)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        if hasattr(form, "kept_pending"):
            return  # the live post's categories, tags and related posts stay as they are
        super().save_related(request, form, formsets, change)

    def response_add(self, request: HttpRequest, obj: Post, post_url_continue=None):
        self._submit_if_asked(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Post) -> HttpResponse:
        if getattr(request, "kept_pending", False) or workflow.open_revision(obj):
            if not workflow.is_publisher(request.user) and SUBMIT_BUTTON not in request.POST:
                messages.warning(request, "Your changes are not live: submit them for review.")
        submitted = self._submit_if_asked(request, obj)
        if submitted:
            return redirect(reverse("admin:blog_post_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def _submit_if_asked(self, request: HttpRequest, obj: Post) -> bool:
        if SUBMIT_BUTTON not in request.POST:
            return False
        note = request.POST.get(NOTE_FIELD, "")
        try:
            workflow.submit_for_review(obj, request.user, note, base_url_of(request))
        except workflow.TransitionRefused as refused:
            messages.error(request, f"Saved, but not submitted: {refused}")
            return False
        messages.success(request, "Saved and submitted for review: the editors are told.")
        return True

    def has_revert_permission(self, request: HttpRequest, obj: Post) -> bool:
        # Restoring an old version writes the live post: not an author's way
        # around the pending revision.
        return super().has_revert_permission(request, obj) and not self.keeps_pending(request, obj)

    # --- What the change form shows ---------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow"] = self.workflow_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request: HttpRequest, obj: Post | None) -> dict:
        if obj is None:
            # A new post: saved and submitted in one click, by its author or an editor.
            moves = workflow.Moves(submit=True)
            return {"moves": moves, "note_field": NOTE_FIELD, "submit_button": SUBMIT_BUTTON}
        revision = workflow.open_revision(obj)
        steps = list(obj.review_steps.for_people()[:20])
        latest = steps[0] if steps else None
        return {
            "moves": workflow.moves_for(obj, request.user, revision),
            "revision": revision,
            "returned": latest if latest and latest.action == ReviewStep.Action.RETURNED else None,
            "steps": steps,
            "note_field": NOTE_FIELD,
            "submit_button": SUBMIT_BUTTON,
            "review_url": reverse("admin:blog_post_review", args=[obj.pk]),
            "withdraw_url": reverse("admin:blog_post_withdraw", args=[obj.pk]),
        }

    # --- URLs ------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/review/", wrap(self.review_view), name="blog_post_review"),
            path("<path:object_id>/submit/", wrap(self.submit_view), name="blog_post_submit"),
            path("<path:object_id>/withdraw/", wrap(self.withdraw_view), name="blog_post_withdraw"),
            *super().get_urls(),
        ]

    def _post_for(self, request: HttpRequest, object_id: str) -> Post:
        """The post, if it is one this person may see: someone else's draft is a 404."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such post.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def has_workflow_permission(self, request: HttpRequest, obj: Post) -> bool:
        """Whether the transition URLs answer this person about this post: its author, editors."""
        return workflow.is_publisher(request.user) or workflow.is_own(obj, request.user)

    def _transition(self, request, object_id, run) -> HttpResponse:
        obj = self._post_for(request, object_id)
        if not self.has_workflow_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            message = run(obj)
        except workflow.TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, message)
        return redirect(reverse("admin:blog_post_change", args=[obj.pk]))

    def submit_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        note = request.POST.get(NOTE_FIELD, "")

        def run(obj: Post) -> str:
            workflow.submit_for_review(obj, request.user, note, base_url_of(request))
            return "Submitted for review: the editors are told."

        return self._transition(request, object_id, run)

    def withdraw_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        def run(obj: Post) -> str:
            workflow.withdraw_from_review(obj, request.user, request.POST.get(NOTE_FIELD, ""))
            return "Withdrawn from review: you can edit it again."

        return self._transition(request, object_id, run)

    # --- The review screen ----------------------------------------------------------

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._post_for(request, object_id)
        if not workflow.is_publisher(request.user):
            raise PermissionDenied
        errors: list[str] = []
        if request.method == "POST":
            done = self._review_decision(request, obj, errors)
            if done is not None:
                return done
        revision = workflow.open_revision(obj)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review “{obj}”",
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "original": obj,
            "revision": revision,
            "moves": workflow.moves_for(obj, request.user, revision),
            "diff": rendered_diff(obj, revision.as_post()) if revision else None,
            "steps": obj.review_steps.for_people()[:20],
            "errors": errors,
            "note": request.POST.get(NOTE_FIELD, ""),
            "publish_at": request.POST.get("publish_at", ""),
            "note_field": NOTE_FIELD,
            "waiting_url": waiting_for_review_url(),
            "clinical_panel": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/blog/post/review.html", context, status=400 if errors else 200
        )

    def _review_decision(self, request: HttpRequest, obj: Post, errors: list[str]):
        """Publish, schedule, approve or return, as the button says; errors keep the typing."""
        note = request.POST.get(NOTE_FIELD, "")
        base_url = base_url_of(request)
        try:
            if "_publish" in request.POST:
                step = workflow.publish(obj, request.user, note, base_url=base_url)
            elif "_schedule" in request.POST:
                at = self._publish_at(request.POST.get("publish_at", ""))
                step = workflow.publish(obj, request.user, note, at=at, base_url=base_url)
            elif "_return" in request.POST:
                step = workflow.return_to_author(obj, request.user, note, base_url)
            else:
                errors.append("Choose Publish, Schedule or Return to author.")
                return None
        except workflow.TransitionRefused as refused:
            errors.append(str(refused))
            return None
        messages.success(request, f"“{obj}”: {step.get_action_display().lower()}.")
        return redirect(waiting_for_review_url())

    @staticmethod
    def _publish_at(value: str) -> datetime:
        """The time typed in the schedule field (the browser's datetime-local), site time."""
        try:
            moment = parse_datetime(value.strip()) if value.strip() else None
        except ValueError:
            moment = None
        if moment is None:
            raise workflow.TransitionRefused(
                "Give the date and time to publish it, e.g. 2031-05-01 09:00."
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
