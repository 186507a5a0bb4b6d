"""
The outbound-link register: every link the site publishes to elsewhere
(``OutboundLink``, recorded by ``blog.links``), the domains editors trust
(``AllowedDomain``), and the admin's list of links still to review
(``LinkToReview``).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.functions import Concat

from core.weblinks import host_of


def domain_of(url: str) -> str:
    """
    The host a browser following ``url`` reaches (WHATWG rules, so
    ``//host`` and ``/\\host`` count), lower-case, without a leading "www.".
    """
    return host_of(url).removeprefix("www.")


class AllowedDomainQuerySet(models.QuerySet):
    def checker(self) -> Callable[[str], bool]:
        """
        A test "does an editor trust the site this URL points to (or a parent
        domain)?" that reads the list once, and only if a link is tested.
        """
        domains: list[str] | None = None

        def allows(url: str) -> bool:
            nonlocal domains
            if domains is None:
                domains = list(self.values_list("domain", flat=True))
            return is_allowed_domain(domain_of(url), domains)

        return allows

    def matching(self) -> Q:
        """A filter on ``domain`` for links to allowed domains (and their subdomains)."""
        condition = Q(pk__in=[])
        for domain in self.values_list("domain", flat=True):
            condition |= Q(domain=domain) | Q(domain__endswith=f".{domain}")
        return condition


def is_allowed_domain(domain: str, allowed) -> bool:
    return any(domain == item or domain.endswith(f".{item}") for item in allowed)


class AllowedDomain(models.Model):
    """A site editors trust: links to it (and its subdomains) pass standing and need no review."""

    domain = models.CharField(
        max_length=253,
        unique=True,
        help_text="For example “psychologytoday.com”; its subdomains are allowed too.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why it is trusted.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AllowedDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        # Editors paste whole URLs; keep the host only.
        raw = self.domain.strip()
        self.domain = domain_of(raw if "//" in raw else f"https://{raw}")
        if "." not in self.domain or not re.fullmatch(r"[a-z0-9.-]+", self.domain):
            raise ValidationError({"domain": "Enter a domain name such as example.com."})


class OutboundLinkQuerySet(models.QuerySet):
    def to_review(self) -> "OutboundLinkQuerySet":
        """Links no editor has looked at, to domains nobody put on the allowed list."""
        # A subquery, not the allowed list read first: one query (the
        # dashboard counts this among others in one statement).
        allowed = AllowedDomain.objects.annotate(
            link_domain=ExpressionWrapper(OuterRef("domain"), output_field=models.CharField())
        ).filter(
            Q(link_domain=F("domain")) | Q(link_domain__endswith=Concat(Value("."), F("domain")))
        )
        return self.filter(reviewed=False).exclude(Exists(allowed))


class OutboundLink(models.Model):
    """
    A link from the site to elsewhere, where it stands (a post's body, an
    author's bio, a comment), recorded when that text is saved.
    """

    url = models.CharField("URL", max_length=2000)
    domain = models.CharField(max_length=253, db_index=True)
    anchor_text = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=60)
    first_seen = models.DateTimeField(auto_now_add=True)
    reviewed = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = OutboundLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-first_seen", "url"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["reviewed", "domain"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "url"], name="one_row_per_link_spot"
            )
        ]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url() if self.source is not None else self.url


class LinkToReview(OutboundLink):
    """The admin's "Outbound links to review": unreviewed links to domains not allowed."""

    class Meta:
        proxy = True
        verbose_name = "outbound link to review"
        verbose_name_plural = "outbound links to review"
