"""
What the spam filter learns from moderators, kept in the database so every
app server reads the same (``comments.spam_learning`` writes it,
``comments.spam_rules`` and ``comments.spam_filter`` read it), and the spam
folder the admin lists.

Nothing here keeps a comment's words: a domain is a host name, a fingerprint
is 64 bits, an example is the hashed features the classifier reads.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .comments import Comment, CommentQuerySet


class SpamLabel(models.TextChoices):
    SPAM = "spam", "Spam"
    HAM = "ham", "Not spam"


class SpamDomainQuerySet(models.QuerySet):
    def marked_spam(self) -> "SpamDomainQuerySet":
        """
        Sites moderators filed as spam and never approved: a link to one of
        these is strong evidence. One approved comment linking a site takes it
        off (spam links often borrow well-known sites beside their own).
        """
        return self.filter(spam_count__gt=0, ham_count=0)


class SpamDomain(models.Model):
    """A site linked from comments moderators decided on: how often as spam, how often not."""

    domain = models.CharField(max_length=253, unique=True)
    spam_count = models.PositiveIntegerField(default=0)
    ham_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpamDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class SpamFingerprint(models.Model):
    """A comment's simhash (comments.fingerprints), labelled by the decision on it."""

    comment = models.OneToOneField(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="fingerprint"
    )
    label = models.CharField(max_length=4, choices=SpamLabel)
    simhash = models.BigIntegerField()  # the 64 bits, stored signed
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_label_display()}: {self.simhash & 0xFFFFFFFFFFFFFFFF:016x}"


class SpamExample(models.Model):
    """
    One moderator decision as the classifier reads it: the comment's hashed
    features (comments.spam_filter), not its words, and the label.
    """

    comment = models.OneToOneField(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="spam_example"
    )
    label = models.CharField(max_length=4, choices=SpamLabel)
    features = models.BinaryField()
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["label", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.get_label_display()} example {self.pk}"


class SpamFolderManager(models.Manager.from_queryset(CommentQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> CommentQuerySet:
        return super().get_queryset().filter(Q(status=Comment.Status.SPAM))


class SpamComment(Comment):
    """The spam folder: comments marked spam, by the filter or a moderator."""

    objects = SpamFolderManager()

    class Meta:
        proxy = True
        verbose_name = "spam comment"
        verbose_name_plural = "spam folder"
