"""
The blog's models, one module per job: posts (``posts``), the categories
and tags they are filed under (``taxonomy``), the spam blocklist
(``blocked_phrases``), WordPress import runs and ids (``imports``), the register of outbound links
(``outbound_links``), the signed preview links to unpublished posts
(``previews``), the review workflow's steps and pending revisions
(``workflow``) and the weeks a clinical review reminder went out
(``review_reminders``), and the newsletter's subscribers, sends and
deliveries (``newsletter``); a post's clinical review rules are in
``clinical_review``, its key points and references in ``evidence``, its
previous and next posts in ``post_navigation``. Everything is imported from here
(``from blog.models import Post``), as from any app's models module.
"""

from .blocked_phrases import BlockedPhrase, BlockedPhraseQuerySet
from .evidence import Reference, render_reference_list
from .imports import ImportedObject, ImportedObjectQuerySet, ImportRun
from .newsletter import (
    Delivery,
    NewsletterSend,
    NewsletterSendQuerySet,
    Subscriber,
    SubscriberQuerySet,
)
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
from .previews import PreviewLink, PreviewLinkOpening, PreviewLinkQuerySet
from .review_reminders import ReviewReminder
from .taxonomy import Category, Tag
from .workflow import PendingRevision, PendingRevisionQuerySet, ReviewStep, ReviewStepQuerySet

__all__ = [
    "WORDS_PER_MINUTE",
    "AllowedDomain",
    "AllowedDomainQuerySet",
    "BlockedPhrase",
    "BlockedPhraseQuerySet",
    "Category",
    "Delivery",
    "ImportRun",
    "ImportedObject",
    "ImportedObjectQuerySet",
    "LinkToReview",
    "NewsletterSend",
    "NewsletterSendQuerySet",
    "OutboundLink",
    "OutboundLinkQuerySet",
    "PendingRevision",
    "PendingRevisionQuerySet",
    "Post",
    "PostQuerySet",
    "PreviewLink",
    "PreviewLinkOpening",
    "PreviewLinkQuerySet",
    "Reference",
    "ReviewReminder",
    "ReviewStep",
    "ReviewStepQuerySet",
    "Subscriber",
    "SubscriberQuerySet",
    "Tag",
    "domain_of",
    "is_allowed_domain",
    "render_reference_list",
]
