"""
A post's clinical review: who may sign it off, and whether it is current.

The fields live on Post (``reviewed_by``, ``reviewed_on``,
``requires_clinical_review``, ``clinical_review_interval`` and the stored
``next_review_due``); this mixin holds the rules that read them, so that the
admin's sign-off screen, the public page, the structured data and the weekly
reminder all ask the same questions.
"""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from authors.models import Author

from .post_queries import add_months


class ClinicalReviewMixin:
    """Post's clinical review rules (see the module docstring)."""

    reviewed_by_id: int | None
    reviewed_on: date | None
    next_review_due: date | None
    requires_clinical_review: bool
    clinical_review_interval: int
    author_id: int

    class State:
        CURRENT = "current"  # reviewed, and the review has not lapsed
        LAPSED = "lapsed"  # reviewed, but the next review is due
        MISSING = "missing"  # needs a review and has none
        NOT_NEEDED = "not_needed"

    def can_be_signed_off_by(self, reviewer: Author | None) -> bool:
        """
        A licensed author (AuthorQuerySet.clinical_reviewers) other than the
        post's own, on a post that needs a review or has one.
        """
        return bool(
            reviewer is not None
            and reviewer.pk is not None
            and reviewer.pk != self.author_id
            and (self.requires_clinical_review or self.reviewed_on)
            and reviewer.can_sign_off_clinical_reviews
        )

    def sign_off_clinical_review(self, reviewer: Author, on: date | None = None) -> None:
        """Record ``reviewer``'s review today, through save() (seal, page cache, history)."""
        if not self.can_be_signed_off_by(reviewer):
            raise PermissionDenied(f"{reviewer} may not sign off this post's clinical review.")
        self.reviewed_by = reviewer
        self.reviewed_on = on or timezone.localdate()
        self.save()  # type: ignore[attr-defined]

    def set_next_review_due(self, save_kwargs: dict[str, Any]) -> dict[str, Any]:
        """
        Store ``reviewed_on`` + the interval (Jan 31 + 1 month = Feb 28); a
        save limited to some fields that touches either also writes it.
        """
        self.next_review_due = self.reviewed_on and add_months(
            self.reviewed_on, self.clinical_review_interval
        )
        update_fields = save_kwargs.get("update_fields")
        if update_fields is not None and {"reviewed_on", "clinical_review_interval"} & set(
            update_fields
        ):
            save_kwargs = {**save_kwargs, "update_fields": {*update_fields, "next_review_due"}}
        return save_kwargs

    @property
    def clinical_review_is_current(self) -> bool:
        """Reviewed, and the review has not lapsed: only then is it shown as current."""
        return bool(
            self.reviewed_on
            and (self.next_review_due is None or self.next_review_due > timezone.localdate())
        )

    @property
    def clinical_review_state(self) -> str:
        if self.clinical_review_is_current:
            return self.State.CURRENT
        if self.reviewed_on:
            return self.State.LAPSED
        if self.requires_clinical_review:
            return self.State.MISSING
        return self.State.NOT_NEEDED

    @property
    def clinical_review_lapses_at(self) -> datetime | None:
        """
        The moment a current review stops being current (local midnight
        starting ``next_review_due``): pages saying "Reviewed by" end there.
        """
        if not self.clinical_review_is_current or self.next_review_due is None:
            return None
        return timezone.make_aware(datetime.combine(self.next_review_due, time.min))

    def clean_clinical_review(self) -> None:
        if self.reviewed_by_id and self.reviewed_by_id == self.author_id:
            raise ValidationError(
                {"reviewed_by": "The clinical reviewer must be someone other than the author."}
            )
        if self.reviewed_by_id and not self.reviewed_on:
            raise ValidationError({"reviewed_on": "Give the date of the clinical review."})
        if self.reviewed_on and not self.reviewed_by_id:
            raise ValidationError({"reviewed_by": "Name who did the clinical review."})
