"""
Imports from WordPress (``manage.py import_wordpress``): each run with its
report, and which object here each WordPress id became, so a second run of
the same export creates nothing and a newer export adds only what is new.
"""

from django.db import models
from django.urls import reverse


class ImportRun(models.Model):
    """One run of an import, with what it did and what it held back, for the editors."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Stopped"

    source = models.CharField("export file", max_length=300)
    site = models.CharField("WordPress site", max_length=200, blank=True)
    options = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome, default=Outcome.RUNNING)
    # Counts per kind and verdict ("posts.imported": 12, "comments.spam": 3...).
    counts = models.JSONField(default=dict, blank=True)
    # Lists for a person to act on: drafts held for spam, shortcodes left,
    # images missing, items that failed... each entry one line of text.
    report = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "WordPress import"

    def __str__(self) -> str:
        return f"{self.source} ({self.started_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("admin:blog_importrun_change", args=[self.pk])


class ImportedObjectQuerySet(models.QuerySet):
    def ids(self, site: str, kind: str, wp_ids) -> dict[int, int]:
        """WordPress id -> object id here, for these ids of one kind (one query)."""
        rows = self.filter(site=site, kind=kind, wp_id__in=list(wp_ids))
        return dict(rows.values_list("wp_id", "object_id"))

    def find(self, site: str, kind: str, wp_id: int) -> int | None:
        return (
            self.filter(site=site, kind=kind, wp_id=wp_id)
            .values_list("object_id", flat=True)
            .first()
        )

    def remember(self, site: str, kind: str, wp_id: int, object_id: int) -> None:
        self.update_or_create(site=site, kind=kind, wp_id=wp_id, defaults={"object_id": object_id})

    def remember_new(self, site: str, kind: str, ids: dict[int, int]) -> None:
        """WordPress id -> object id for ids not seen before (``ids()`` said so): one INSERT."""
        self.bulk_create(
            ImportedObject(site=site, kind=kind, wp_id=wp_id, object_id=object_id)
            for wp_id, object_id in ids.items()
        )


class ImportedObject(models.Model):
    """
    The WordPress id an object here was imported from. One small table for
    every kind instead of a column on each model: the importer asks it one
    question ("was this id imported?") and no model carries import history.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        COMMENT = "comment", "Comment"

    site = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind)
    wp_id = models.BigIntegerField()
    object_id = models.BigIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = ImportedObjectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_id"], name="imported_object_once_per_site"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.wp_id} from {self.site}"
