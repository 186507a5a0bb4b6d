"""
Matching text against a list of words and phrases, in a way spammers cannot
step around with Unicode tricks.

The same normalisation runs on the phrase and on the text, so an editor types
a phrase as they would read it. Used by the comments app (spam and crisis
language) and by the blog itself (refusing to publish blocked phrases); this
module is in blog because blog may not import comments.
"""

import re
import unicodedata
from collections.abc import Iterable

# Characters that render as nothing and are slipped between letters.
ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
        "\ufeff"),
    None,
)  # fmt: skip
# Arabic short vowels and other marks, Quranic annotation signs, and tatweel
# (the stretching stroke): none change the word, all break a naive match.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Letter forms Arabic writers use interchangeably.
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# Cyrillic and Greek letters that look like Latin ones ("viаgra" with a
# Cyrillic а). Applied only to a second copy of the text, matched against
# Latin phrases, so Russian words are left alone.
LOOKALIKES = str.maketrans(
    {"а": "a", "в": "b", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
     "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ԁ": "d", "ӏ": "l", "ѵ": "v",
     "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
     "χ": "x", "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "@": "a", "$": "s"}
)  # fmt: skip
# Three or more single letters with separators between them: "v.i.a.g.r.a",
# "v i a g r a", "v-i-a-g-r-a".
SPACED_LETTERS = re.compile(r"(?<![^\W_])[^\W_](?:[\s.\-_*·•|/+,~]{1,3}[^\W_](?![^\W_])){2,}")
SEPARATORS = re.compile(r"[\s.\-_*·•|/+,~]")
WHITESPACE = re.compile(r"\s+")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Scripts written without spaces between words: a phrase matches anywhere.
UNSPACED = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]"
)
# Arabic attaches "and", "the", "with", "for" to the front of a word.
ARABIC_PREFIXES = "(?:و|ف|ب|ل|ك|ال|وال|بال|فال|كال|لل|ولل)?"


def normalise(text: str) -> str:
    """Fold ``text`` to the form phrases are matched in."""
    text = unicodedata.normalize("NFKC", text or "").translate(ZERO_WIDTH).casefold()
    text = ARABIC_MARKS.sub("", text).translate(ARABIC_FOLD)
    text = SPACED_LETTERS.sub(lambda match: SEPARATORS.sub("", match.group()), text)
    return WHITESPACE.sub(" ", text).strip()


def _pattern(phrase: str) -> re.Pattern | None:
    phrase = normalise(phrase)
    if not phrase:
        return None
    body = r"\s*".join(re.escape(word) for word in phrase.split(" "))
    if UNSPACED.search(phrase):
        return re.compile(body)
    if ARABIC.search(phrase):
        return re.compile(rf"(?<!\w){ARABIC_PREFIXES}{body}(?!\w)")
    return re.compile(rf"(?<!\w){body}(?!\w)")


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases (as given) that occur in ``text``, whatever disguise they wear."""
    folded = normalise(text)
    latinised = folded.translate(LOOKALIKES)
    found = []
    for phrase in phrases:
        pattern = _pattern(phrase)
        if pattern and (pattern.search(folded) or pattern.search(latinised)):
            found.append(phrase)
    return found


def blocked_phrases_in(text: str) -> list[str]:
    """The active blocklist phrases ``text`` contains (one query)."""
    from .models import BlockedPhrase

    return find_phrases(text, BlockedPhrase.objects.active().values_list("phrase", flat=True))
