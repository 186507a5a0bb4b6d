"""
The site's blocklist: the phrases editors keep in Blog › Blocked phrases,
matched by ``core.phrases`` (confusable skeletons, punctuation inside words,
keyboard stand-ins).
"""

from core.phrases import find_phrases
from core.screening import phrase_problems

from .models import BlockedPhrase


def blocked_phrases_in(text: str) -> list[str]:
    """The active blocklist phrases ``text`` contains (one query)."""
    return find_phrases(text, BlockedPhrase.objects.active_phrases())


def blocklist_problems(value: str, kind: str) -> list[str]:
    """``core.screening.phrase_problems`` with the active blocklist (one query): blog's screen."""
    return phrase_problems(value, kind, BlockedPhrase.objects.active_phrases())
