"""What lists of posts ask for: the public ones, the scheduled, those waiting for review."""

import calendar
from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (Jan 31 + 1 = Feb 28)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


class PostQuerySet(models.QuerySet):
    def published(self) -> "PostQuerySet":
        """The one definition of what the public may see."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user) -> "PostQuerySet":
        """
        Published posts for everyone; staff also preview drafts and scheduled
        posts they may edit: publishers all of them, authors their own.
        """
        if not (user.is_active and user.is_staff and user.has_perm("blog.change_post")):
            return self.published()
        if user.has_perm("blog.publish_post"):
            return self
        return self.filter(Q(pk__in=self.published().values("pk")) | Q(author__user=user))

    def in_review(self) -> "PostQuerySet":
        """Submitted by their authors, waiting for an editor."""
        return self.filter(status=self.model.Status.REVIEW)

    def waiting_for_review(self) -> "PostQuerySet":
        """What waits for the editors: posts in review, and published posts' changes in review."""
        revisions = self.model._meta.get_field("pending_revisions").related_model.objects
        changes = revisions.filter(post=OuterRef("pk"), status="review")
        return self.filter(Q(status=self.model.Status.REVIEW) | Exists(changes))

    def with_latest_step(self) -> "PostQuerySet":
        """
        Each post with its latest review step: ``latest_action``, and
        ``return_note`` and ``returned_at`` (that step's note and time), in
        the same query.
        """
        # Named through the relation: the step model is defined after Post.
        steps = (
            self.model._meta.get_field("review_steps")
            .related_model.objects.filter(post=OuterRef("pk"))
            .order_by("-at", "-pk")
        )
        return self.annotate(
            latest_action=Subquery(steps.values("action")[:1]),
            return_note=Subquery(steps.values("note")[:1]),
            returned_at=Subquery(steps.values("at")[:1]),
        )

    def with_open_changes(self) -> "PostQuerySet":
        """Each post with ``has_open_changes``: its author's changes not approved or dropped yet."""
        revisions = self.model._meta.get_field("pending_revisions").related_model.objects
        return self.annotate(has_open_changes=Exists(revisions.open().filter(post=OuterRef("pk"))))

    def returned_to_author(self) -> "PostQuerySet":
        """
        Posts an editor sent back (a draft, or a published post's pending
        changes) and nobody has moved since, with the editor's note
        (``return_note``, ``returned_at``): no query per post.
        """
        return (
            self.with_latest_step()
            .filter(latest_action="returned")
            .exclude(status=self.model.Status.REVIEW)
        )

    def awaiting_clinical_sign_off_by(self, reviewer) -> "PostQuerySet":
        """
        What ``reviewer`` (an author) may sign off now: other authors' posts
        in review or published that need a clinical review and have none
        current. Empty, in the same query, unless she holds a verified,
        unexpired licence.
        """
        qualified = type(reviewer).objects.clinical_reviewers().filter(pk=reviewer.pk)
        return (
            self.filter(
                Exists(qualified),
                requires_clinical_review=True,
                status__in=[self.model.Status.REVIEW, self.model.Status.PUBLISHED],
            )
            .filter(Q(next_review_due__isnull=True) | Q(next_review_due__lte=timezone.localdate()))
            .exclude(author=reviewer)
        )

    def clinical_reviews_due(self, on: date | None = None) -> "PostQuerySet":
        """
        Published posts whose clinical review is missing or has lapsed by
        ``on`` (today): those that need one, and those that had one.
        """
        on = on or timezone.localdate()
        return self.published().filter(
            Q(requires_clinical_review=True) | Q(reviewed_on__isnull=False),
            Q(next_review_due__isnull=True) | Q(next_review_due__lte=on),
        )

    def scheduled(self) -> "PostQuerySet":
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_links(self) -> "PostQuerySet":
        """What a link to a post shows (title, reading time), without the long body columns."""
        return self.only(
            "pk", "title", "slug", "status", "published_at", "reading_minutes", "author_id"
        )

    # What no card or link shows: the long text of the post page alone.
    LONG_TEXT_FIELDS = (
        "body", "body_html", "references", "references_html", "key_points", "review_reasons",
    )  # fmt: skip

    def without_long_text(self, *, keeping: tuple[str, ...] = ()) -> "PostQuerySet":
        """
        The posts without the post page's long text columns but those
        ``keeping`` names (a list shows none of them; ``Post.summary`` reads
        the stored lead, not a deferred body).
        """
        return self.defer(*(name for name in self.LONG_TEXT_FIELDS if name not in keeping))

    def for_cards(self, *, with_body: bool = False) -> "PostQuerySet":
        """
        What a list of post cards shows: author and categories, in a fixed
        number of queries, without the long text (``with_body``: the Markdown
        body too, for search's passages).
        """
        cards = self.select_related("author").prefetch_related("categories", "author__credentials")
        return cards.without_long_text(keeping=("body",) if with_body else ())
