"""The weekly reminder of clinical reviews due: which weeks it was sent for."""

from django.db import models


class ReviewReminder(models.Model):
    """
    One row per week a reminder went out (``send_review_reminders``), so that
    the command is safe to run more than once a week: the row is taken before
    the mail is sent, and a second run of the same week finds it.
    """

    week = models.DateField(unique=True, help_text="The Monday of the week it was sent for.")
    sent_at = models.DateTimeField()
    post_count = models.PositiveIntegerField(default=0)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week"]

    def __str__(self) -> str:
        return f"Clinical review reminder for the week of {self.week:%Y-%m-%d}"
