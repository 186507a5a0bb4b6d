"""
The blog's models, one module per job: posts (``posts``), the categories
and tags they are filed under (``taxonomy``), the spam blocklist
(``blocked_phrases``), the register of outbound links
(``outbound_links``) and the review workflow's steps and pending revisions
(``workflow``). Everything is imported from here
(``from blog.models import Post``), as from any app's models module.
"""

from .blocked_phrases import BlockedPhrase, BlockedPhraseQuerySet
from .outbound_links import (
    AllowedDomain,
    AllowedDomainQuerySet,
    LinkToReview,
    OutboundLink,
    OutboundLinkQuerySet,
    domain_of,
    is_allowed_domain,
)
from .posts import WORDS_PER_MINUTE, Post, PostQuerySet
from .taxonomy import Category, Tag
from .workflow import PendingRevision, PendingRevisionQuerySet, ReviewStep, ReviewStepQuerySet

__all__ = [
    "WORDS_PER_MINUTE",
    "AllowedDomain",
    "AllowedDomainQuerySet",
    "BlockedPhrase",
    "BlockedPhraseQuerySet",
    "Category",
    "LinkToReview",
    "OutboundLink",
    "OutboundLinkQuerySet",
    "PendingRevision",
    "PendingRevisionQuerySet",
    "Post",
    "PostQuerySet",
    "ReviewStep",
    "ReviewStepQuerySet",
    "Tag",
    "domain_of",
    "is_allowed_domain",
]
