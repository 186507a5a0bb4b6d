"""
The comments' models, one module per job: comments, crisis phrases and help,
and confirmed reply addresses (``comments``); what the spam filter has learnt
from moderators, and the spam folder (``spam``). Everything is imported from
here (``from comments.models import Comment``).
"""

from .comments import (
    DEFAULT_CRISIS_MESSAGE,
    EDITORS_GROUP,
    Comment,
    CommentQuerySet,
    ConfirmedAddress,
    CrisisHelp,
    CrisisPhrase,
    CrisisPhraseQuerySet,
    Threads,
    comments_are_open,
    comments_close_at,
    display_name,
    max_depth,
    writer_badge,
)
from .spam import (
    SpamComment,
    SpamDomain,
    SpamDomainQuerySet,
    SpamExample,
    SpamFingerprint,
    SpamLabel,
)

__all__ = [
    "DEFAULT_CRISIS_MESSAGE",
    "EDITORS_GROUP",
    "Comment",
    "CommentQuerySet",
    "ConfirmedAddress",
    "CrisisHelp",
    "CrisisPhrase",
    "CrisisPhraseQuerySet",
    "SpamComment",
    "SpamDomain",
    "SpamDomainQuerySet",
    "SpamExample",
    "SpamFingerprint",
    "SpamLabel",
    "Threads",
    "comments_are_open",
    "comments_close_at",
    "display_name",
    "max_depth",
    "writer_badge",
]
