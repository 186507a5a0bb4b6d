"""
The spam filter learns from moderators: every decision in the admin (mark
spam, "not spam" from the spam folder, approve) is taught here, in the same
transaction as the decision, to the three things ``comments.spam_rules``
reads:

- the sites the comment links (``SpamDomain``: counted as spam or not spam;
  a site counts against a comment while it was only ever marked spam),
- its fingerprint (``SpamFingerprint``): spam, so that copies of it go to the
  spam folder; "not spam", so that copies of it are not filed there again.
  Plain approvals store none: spammers copy approved comments,
- the classifier's examples (``SpamExample``): each app server refits on
  its next comment (``comments.spam_filter``).

A comment decided again (spam, then "not spam") is relabelled, not counted twice.
"""

from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from . import fingerprints, spam_filter
from .links import linked_domains
from .models import Comment, SpamDomain, SpamExample, SpamFingerprint, SpamLabel

COUNT_FIELD = {SpamLabel.SPAM: "spam_count", SpamLabel.HAM: "ham_count"}


def teach(comments: Iterable[Comment], label: str, *, fingerprint: bool = True) -> int:
    """
    Learn ``label`` (SpamLabel) for each comment; how many were new lessons.
    ``fingerprint``: also remember its text's fingerprint (see the docstring).
    """
    taught = 0
    for comment in comments:
        previous = (
            SpamExample.objects.filter(comment=comment).values_list("label", flat=True).first()
        )
        if previous == label:
            continue
        _count_domains(comment, label, previous)
        if fingerprint:
            fingerprints.remember(comment, label)
        SpamExample.objects.update_or_create(
            comment=comment,
            defaults={
                "label": label,
                "features": spam_filter.feature_bytes(spam_filter.comment_document(comment)),
                "updated_at": timezone.now(),
            },
        )
        taught += 1
    return taught


def _count_domains(comment: Comment, label: str, previous: str | None) -> None:
    domains = linked_domains(comment)
    if not domains:
        return
    for domain in domains:
        SpamDomain.objects.get_or_create(domain=domain[:253])
    counted = SpamDomain.objects.filter(domain__in=[domain[:253] for domain in domains])
    changes = {COUNT_FIELD[label]: F(COUNT_FIELD[label]) + 1}
    if previous in COUNT_FIELD:
        # The earlier decision on this comment was wrong: it no longer counts.
        changes[COUNT_FIELD[previous]] = Greatest(F(COUNT_FIELD[previous]) - 1, 0)
    counted.update(**changes, updated_at=timezone.now())


def remember_filed_spam(comment: Comment) -> None:
    """A comment the filter filed as spam on arrival: its copies follow it (fingerprint only)."""
    if comment.status == Comment.Status.SPAM and not comment.crisis:
        fingerprints.remember(comment, SpamLabel.SPAM)


def forget(comments: QuerySet[Comment]) -> None:
    """A writer's comments erased: what was learnt from their words goes too."""
    SpamExample.objects.filter(comment__in=comments).delete()
    SpamFingerprint.objects.filter(comment__in=comments).delete()
