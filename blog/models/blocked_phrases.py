"""
The spam blocklist: words and phrases refused in what readers and writers
submit. The matching itself (normalising text, finding phrases through their
disguises) is ``core.phrases``; ``blog.blocklist`` applies it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.phrases import held_phrases, normalise


class BlockedPhraseQuerySet(models.QuerySet):
    def active(self) -> "BlockedPhraseQuerySet":
        return self.filter(is_active=True)

    def phrases(self) -> list[str]:
        return list(self.values_list("phrase", flat=True))

    def active_phrases(self) -> list[str]:
        """The active phrases (one query, or none inside ``core.phrases.phrase_lists_held()``)."""
        # Lazily: even building the query costs more than a held list's lookup.
        return held_phrases("blocklist", lambda: self.active().phrases())


class BlockedPhrase(models.Model):
    """
    A word or phrase refused in what readers and writers submit: comments are
    held for a moderator, posts may not be published with it. Matching is done
    by ``blog.blocklist`` and survives disguises (spacing, lookalike letters,
    invisible characters, Arabic diacritics).
    """

    class Kind(models.TextChoices):
        ADULT = "adult", "Adult"
        PHARMA = "pharma", "Pharma"
        OTHER = "other", "Other spam"

    phrase = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.OTHER)
    language = models.CharField(max_length=20, blank=True, help_text="e.g. en, ru, ar, zh.")
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockedPhraseQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "phrase"]

    def __str__(self) -> str:
        return self.phrase

    def get_absolute_url(self) -> str:
        return reverse("admin:blog_blockedphrase_change", args=[self.pk])

    def clean(self) -> None:
        if not normalise(self.phrase):
            raise ValidationError({"phrase": "Type a word or phrase with at least one letter."})
