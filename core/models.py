"""
Redirects that keep old links alive: shared by every app whose pages have
addresses (posts, categories, tags in blog; profiles in authors), so they
live here. ``core.redirects`` serves them and writes the automatic ones.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.utils import timezone

from .media_items import MediaItem, MediaUsage
from .outgoing_mail import OutgoingMail
from .redirect_paths import (
    MAX_LENGTH,
    RedirectPathError,
    canonical_path,
    normalise_new_path,
    normalise_old_path,
    path_of,
    with_query,
)

# OutgoingMail (core.outbox sends it) and the media library have their own
# modules; named here so that Django finds them and `from core.models import ...` works.
__all__ = ["MediaItem", "MediaUsage", "OutgoingMail", "Redirect", "RedirectQuerySet"]


class RedirectQuerySet(models.QuerySet["Redirect"]):
    def for_request_path(self, path: str) -> "Redirect | None":
        """
        The redirect for a request's (decoded) path; with APPEND_SLASH also the
        one for the path with a slash added, so ``/blog/old`` is one hop too.
        """
        wanted = [canonical_path(path)]
        if settings.APPEND_SLASH and not wanted[0].endswith("/"):
            wanted.append(wanted[0] + "/")
        found = {redirect.old_path: redirect for redirect in self.filter(old_path__in=wanted)}
        return next((found[old] for old in wanted if old in found), None)

    def count_hit(self, redirect: "Redirect") -> None:
        """One more reader sent on: one UPDATE, no read, safe from lost counts."""
        self.filter(pk=redirect.pk).update(hits=F("hits") + 1, last_hit_at=timezone.now())

    def final_target(self, new_path: str, *, excluding: int | None = None) -> str:
        """
        Where ``new_path`` really ends once the redirects leaving from it are
        followed (they are one hop each, so normally at most one step).
        """
        seen: set[str] = set()
        others = self.exclude(pk=excluding) if excluding else self
        while (path := path_of(new_path)) is not None and path not in seen:
            seen.add(path)
            onward = others.filter(old_path=path).values_list("new_path", flat=True).first()
            if onward is None:
                break
            new_path = onward
        return new_path

    def vacate(self, *urls: str) -> int:
        """Reuse wins: delete the redirects leaving from these live URLs."""
        paths = [path for url in urls if (path := path_of(url)) is not None]
        return self.filter(old_path__in=paths).delete()[0] if paths else 0

    def record_move(
        self, old_url: str, new_url: str, *, source: str = "automatic", created_by=None
    ) -> int:
        """
        ``old_url`` now lives at ``new_url``: a permanent redirect from the
        old one, with every redirect that led to the old URL now leading
        straight to the new one (one hop), and none left leaving from the new
        URL (it answers now; this also breaks A -> B -> A). The one way the
        site and imports write redirects besides the admin form. Returns how
        many were recorded: 0 when the old URL is the new one.
        """
        return self.record_moves(
            [normalise_old_path(old_url)], new_url, source=source, created_by=created_by
        )

    def record_moves(
        self, old_paths: Iterable[str], new_url: str, *, source: str = "automatic", created_by=None
    ) -> int:
        """
        ``record_move`` for several old paths of one page (an import: a
        post's old permalink, ``?p=ID`` and dated address), already
        normalised, in five queries whatever their number. Returns how many
        redirects lead to ``new_url`` from them now.
        """
        new = normalise_new_path(new_url)
        olds = [old for old in dict.fromkeys(old_paths) if old != path_of(new)]
        if not olds:
            return 0
        moved = {"new_path": new, "is_permanent": True, "source": source, "created_by": created_by}
        with transaction.atomic():
            self.vacate(new)
            existing = set(self.filter(old_path__in=olds).values_list("old_path", flat=True))
            self.filter(old_path__in=existing).update(**moved)
            self.bulk_create(
                [self.model(old_path=old, **moved) for old in olds if old not in existing]
            )
            # One hop, as save() does: what led to an old path leads to the new one.
            self.filter(new_path__in=olds).exclude(old_path__in=olds).update(new_path=new)
        return len(olds)


class Redirect(models.Model):
    """An old address of the site that sends readers on to where its page lives now."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", "Automatic (an address changed)"
        MANUAL = "manual", "Added by an editor"
        IMPORT = "import", "Imported"

    old_path = models.CharField(
        max_length=MAX_LENGTH,
        unique=True,
        help_text="A path on this site, e.g. /blog/old-title/. A full address keeps only its "
        "path; the reader's query string is passed on.",
    )
    new_path = models.CharField(
        max_length=MAX_LENGTH,
        help_text="Where readers are sent: a path on this site, e.g. /blog/new-title/, "
        "or another site's https:// address.",
    )
    is_permanent = models.BooleanField(
        "permanent",
        default=True,
        help_text="Permanent (301): search engines move the old address's standing to the "
        "new one. Untick for a temporary move (302).",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    hits = models.PositiveIntegerField(default=0, editable=False)
    last_hit_at = models.DateTimeField("last hit", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RedirectQuerySet.as_manager()

    # What clean() found redirected on and replaced by its end, for the admin to say.
    collapsed_from: str | None = None

    class Meta:
        ordering = ["old_path"]
        indexes = [models.Index(fields=["new_path"], name="core_redirect_new_path")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_path=F("new_path")), name="core_redirect_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(old_path__startswith="/"), name="core_redirect_old_path_is_a_path"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            # One hop: redirects that led to this old path now lead where it leads.
            others = Redirect.objects.exclude(pk=self.pk).filter(new_path=self.old_path)
            # (one leaving from the new path would point at itself: clean() refuses that)
            others.exclude(old_path=path_of(self.new_path) or "").update(new_path=self.new_path)

    def clean(self) -> None:
        errors = {}
        for name, normalise in (("old_path", normalise_old_path), ("new_path", normalise_new_path)):
            try:
                setattr(self, name, normalise(getattr(self, name)))
            except RedirectPathError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationError(errors)
        if path_of(self.new_path) == self.old_path:
            raise ValidationError({"new_path": "A redirect cannot lead to its own old path."})
        final = Redirect.objects.final_target(self.new_path, excluding=self.pk)
        if path_of(final) == self.old_path:
            raise ValidationError(
                {
                    "new_path": f"{self.new_path} already redirects back to {self.old_path}: "
                    "readers would go round in a circle. Change or delete that redirect first."
                }
            )
        # A redirect to an address that itself redirects goes straight to the end.
        if final != self.new_path:
            self.collapsed_from, self.new_path = self.new_path, final

    def response(self, query_string: str = "") -> HttpResponseRedirectBase:
        """The answer to a request for the old path, its query string kept."""
        kind: type[HttpResponseRedirectBase] = (
            HttpResponsePermanentRedirect if self.is_permanent else HttpResponseRedirect
        )
        return kind(with_query(self.new_path, query_string))
