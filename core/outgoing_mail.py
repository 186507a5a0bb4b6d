"""
``OutgoingMail``: one message to one address, from the moment something asks
for it until the mail server took it or refused it for good. Every app's mail
goes through it (``core.outbox``), so retries and permanent failures are
visible in one admin list. One recipient a row: a bounce names its address,
nobody sees another's address, and ``erase_address`` removes a person's rows.
The text is kept only until it is sent.
"""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class OutgoingMailQuerySet(models.QuerySet["OutgoingMail"]):
    def for_address(self, address: str) -> "OutgoingMailQuerySet":
        return self.filter(to__iexact=address.strip())

    def erase_address(self, address: str) -> int:
        """Delete every message to ``address`` (sent, queued or failed): how many."""
        deleted, _ = self.for_address(address).delete()
        return deleted

    def prune(self, older_than: timedelta) -> int:
        """Delete messages sent or failed longer ago than ``older_than``: how many."""
        finished = self.filter(status__in=[OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED])
        deleted, _ = finished.filter(finished_at__lt=timezone.now() - older_than).delete()
        return deleted

    def claim(self, pk: int, lease: timedelta) -> "OutgoingMail | None":
        """
        Take the message for one attempt, or None when it is sent, failed, or
        being sent by another worker whose lease has not run out. One UPDATE
        decides, so two workers never both take it; a worker killed mid-send
        leaves a lease that runs out, and the next one takes the message again.
        """
        now = timezone.now()
        takeable = Q(status=OutgoingMail.Status.QUEUED) | Q(
            status=OutgoingMail.Status.SENDING, claimed_at__lt=now - lease
        )
        taken = (
            self.filter(takeable, pk=pk)
            .order_by()
            .update(status=OutgoingMail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )
        return self.filter(pk=pk).first() if taken else None


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField("to", max_length=254)
    subject = models.CharField(max_length=998)
    body = models.TextField(blank=True)
    html = models.TextField("HTML", blank=True)
    headers = models.JSONField(default=dict, blank=True)
    from_email = models.CharField("from", max_length=320, blank=True)
    about = models.CharField(
        max_length=200, blank=True, help_text="What prompted it, for the log: “comment 12”."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField("next attempt", null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"
        indexes = [
            models.Index(fields=["status", "created_at"], name="core_outgoingmail_status"),
            models.Index(fields=["to"], name="core_outgoingmail_to"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    def mark_sent(self) -> None:
        # The text is no longer needed once the server took it.
        self._finish(
            status=self.Status.SENT,
            body="",
            html="",
            headers={},
            last_error="",
            next_attempt_at=None,
        )

    def mark_failed(self, error: str) -> None:
        self._finish(status=self.Status.FAILED, last_error=error[:2000])

    def mark_for_retry(self, error: str, at: datetime) -> None:
        self._finish(status=self.Status.QUEUED, last_error=error[:2000], next_attempt_at=at)

    def _finish(self, **fields) -> None:
        if fields["status"] != self.Status.QUEUED:
            fields.update(finished_at=timezone.now(), next_attempt_at=None)
        for name, value in fields.items():
            setattr(self, name, value)
        # Only while it is still ours: a row erased meanwhile stays erased.
        OutgoingMail.objects.filter(pk=self.pk, status=self.Status.SENDING).update(**fields)
