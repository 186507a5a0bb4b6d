"""
What the moderation lists show per comment: the rules that fired, with
their weight (``comments.spam_rules``), and the classifier's score beside them.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from .models import Comment


def weight_label(weight: float) -> str:
    if weight >= 1:
        return "spam on its own"
    if weight > 0:
        return f"weak, {weight:g}"
    if weight < 0:
        return f"against spam, {weight:g}"
    return "holds"


class EvidenceColumns:
    """Columns and read-only fields for a comment's evidence: a ModelAdmin mixin."""

    @admin.display(description="why held / spam")
    def why(self, comment: Comment) -> str:
        return comment.reasons_text or "—"

    @admin.display(description="evidence of spam")
    def spam_evidence(self, comment: Comment) -> str:
        """The rules that counted towards spam, in short: the spam folder's column."""
        found = [
            f"{reason.get('layer')}: {reason.get('detail')}"
            for reason in comment.reasons or []
            if isinstance(reason, dict) and float(reason.get("weight", 0) or 0) > 0
        ]
        return Truncator("; ".join(found)).chars(160) or "—"

    @admin.display(description="score", ordering="spam_score")
    def score(self, comment: Comment) -> str:
        if comment.spam_score is None:
            return "—"
        return f"{comment.spam_score:.2f}"

    @admin.display(description="rules that fired")
    def evidence(self, comment: Comment) -> str:
        reasons = [reason for reason in comment.reasons or [] if isinstance(reason, dict)]
        if not reasons:
            return "—"
        return format_html(
            "<ul class='comment-evidence'>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong> ({}): {}</li>",
                (
                    (
                        reason.get("layer", ""),
                        weight_label(float(reason.get("weight", 0) or 0)),
                        reason.get("detail", ""),
                    )
                    for reason in reasons
                ),
            ),
        )
