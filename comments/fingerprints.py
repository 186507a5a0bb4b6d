"""
Near-duplicates of earlier spam: a 64-bit simhash of a comment's text.

Spam campaigns post the same words again with small changes (a word swapped,
a number, a name, look-alike letters). The text is folded as the blocklist
folds it (``core.phrases``: compatibility forms, invisible characters, case,
Arabic marks, confusable skeletons), links become one word and digits are
made alike, and the simhash is taken over its three-character shingles: texts
that share most shingles get fingerprints a few bits apart, whatever the
script. Measured on comment-sized texts: a word or a number changed moves
5 or 6 bits of 64; different texts on the same subject stay 17 or more apart.

The latest ``COMMENTS_SPAM_FINGERPRINTS_READ`` fingerprints are compared
with each new comment (one query, an XOR and a bit count each: a campaign is
recent, and a few thousand comparisons take about a millisecond).
"""

import hashlib
import re
from collections import Counter

from django.conf import settings
from django.utils import timezone

from core.phrases import normalise, skeleton

from .models import Comment, SpamFingerprint, SpamLabel

BITS = 64
NEAR_BITS = 10
SHINGLE = 3
# Shorter texts say too little to be a campaign's copy ("Great post!").
MIN_CHARACTERS = 50

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
DIGITS = re.compile(r"\d+")


def folded_text(text: str) -> str:
    """The text as fingerprints read it: links cut to "link", digits alike, disguises folded."""
    text = URL.sub(" link ", text or "")
    return DIGITS.sub("0", skeleton(normalise(text)))


def simhash(text: str) -> int | None:
    """The 64-bit simhash of ``text`` (unsigned), or None when it is too short to tell."""
    folded = folded_text(text)
    if len(folded) < MIN_CHARACTERS:
        return None
    shingles = Counter(folded[i : i + SHINGLE] for i in range(len(folded) - SHINGLE + 1))
    totals = [0] * BITS
    for shingle, weight in shingles.items():
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(BITS):
            totals[bit] += weight if value >> bit & 1 else -weight
    return sum(1 << bit for bit in range(BITS) if totals[bit] > 0)


def to_signed(value: int) -> int:
    """The unsigned 64 bits as the signed integer a BigIntegerField holds."""
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def distance(first: int, second: int) -> int:
    return ((first ^ second) & ((1 << BITS) - 1)).bit_count()


def comment_text(comment: Comment) -> str:
    return f"{comment.name}\n{comment.body}"


def nearest_label(comment: Comment) -> str | None:
    """
    What moderators (or the filter) decided about texts nearly the same as
    this comment's (one query): HAM when one was found not to be spam, SPAM
    when only spam is that near, None when nothing is.
    """
    value = simhash(comment_text(comment))
    if value is None:
        return None
    recent = SpamFingerprint.objects.order_by("-created_at")
    if comment.pk:
        recent = recent.exclude(comment_id=comment.pk)
    limit = getattr(settings, "COMMENTS_SPAM_FINGERPRINTS_READ", 5000)
    near = {
        label
        for label, stored in recent.values_list("label", "simhash")[:limit]
        if distance(value, stored) <= NEAR_BITS
    }
    if SpamLabel.HAM in near:
        return SpamLabel.HAM
    return SpamLabel.SPAM if near else None


def remember(comment: Comment, label: str) -> None:
    """Store (or relabel) this comment's fingerprint, when it is long enough to have one."""
    value = simhash(comment_text(comment))
    if value is None:
        return
    SpamFingerprint.objects.update_or_create(
        comment=comment,
        defaults={"label": label, "simhash": to_signed(value), "created_at": timezone.now()},
    )
