"""
Matching text against a list of words and phrases, in a way spammers cannot
step around with Unicode tricks or punctuation.

The same folding runs on the phrase and on the text, so an editor types a
phrase as they would read it: ``normalise`` (compatibility forms, invisible
characters, case, Arabic marks, spaced-out letters), then ``skeleton``
(Unicode's UTS #39 confusable skeletons, from ICU through pyicu-wheels, the
maintained binary build of PyICU that installs without a compiler; the
confusable-homoglyphs package ships the data but computes no skeleton).
Patterns then allow punctuation inside words, repeated letters and a few
keyboard stand-ins, and keep to whole words in scripts that space words.

Used by the comments app (spam and crisis language) and by the blog itself
(refusing to publish blocked phrases, and through ``authors.screening``
refusing them in profiles); this module is in blog because blog may not
import comments.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import icu

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
ARABIC_PREFIXES = ["و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ولل"]


def normalise(text: str) -> str:
    """Fold ``text`` to the form phrases are matched in."""
    text = unicodedata.normalize("NFKC", text or "").translate(ZERO_WIDTH).casefold()
    text = ARABIC_MARKS.sub("", text).translate(ARABIC_FOLD)
    text = SPACED_LETTERS.sub(lambda match: SEPARATORS.sub("", match.group()), text)
    return WHITESPACE.sub(" ", text).strip()


# --- Matching on confusable skeletons -----------------------------------------

# ICU objects are made once; a Transliterator may not be shared between
# threads, so each thread gets its own.
_spoof_checker = icu.SpoofChecker()
_local = threading.local()


def _latin_ascii() -> "icu.Transliterator":
    if not hasattr(_local, "latin_ascii"):
        _local.latin_ascii = icu.Transliterator.createInstance("Latin-ASCII")
    return _local.latin_ascii


def skeleton(text: str) -> str:
    """
    ``text`` (already ``normalise``d) as its UTS #39 confusable skeleton,
    lower-case and without accents: two strings that look alike have the
    same skeleton ("ѵіаgrа" and "viagra"; Persian "سکس" and Arabic "سكس").

    ICU computes the skeleton from Unicode's confusables data; its
    Latin-ASCII transliteration then folds what the data leaves apart on
    purpose but a reader takes for the same letter (small capitals "ᴀɢʀ",
    ligatures, "ß"). Combining marks go last ("v\u0301iagra", the dot of
    "İ"). The result is only ever compared with other skeletons.
    """
    # A pipe is a "|" (an i) or a separator to a reader; the skeleton would
    # make it an "l". It is kept as "!", which the patterns read as either.
    text = _spoof_checker.getSkeleton(0, text.replace("|", "!"))
    text = unicodedata.normalize("NFD", _latin_ascii().transliterate(text).casefold())
    return "".join(char for char in text if not unicodedata.combining(char))


# Keyboard stand-ins for letters ("v1agra", "$ex", "s3x"). These are not
# Unicode look-alikes (the skeleton covers those, and already reads "1", "I"
# and "|" as "l"), so no Unicode data has them. Each letter of a phrase's
# skeleton matches itself or these; "i" also matches the "l" the skeleton
# made of "I", "1" and "|".
KEYBOARD_STAND_INS = {"i": "l!", "a": "@4", "s": "$5", "e": "3", "t": "7", "o": "0"}
# What may break up the letters of a word ("v.i.a.g.r.a", "via-gra",
# "online|casino"): punctuation, never a letter or a space.
INNER_BREAK = r"[\-.!_*·•~+/\\:]"
# Between the words of a phrase: the same, or spaces ("online casino",
# "online-casino", "onlinecasino" for a domain name).
WORD_BREAK = r"[\s\-.!_*·•~+/\\:]*"
# One letter repeated stands for itself ("viaaagra"); runs longer than this
# in the text are cut down first, so a hostile run cannot make matching slow.
LONGEST_RUN = 3
_RUNS = re.compile(rf"(.)\1{{{LONGEST_RUN},}}")


def _letter(char: str) -> str:
    choices = char + KEYBOARD_STAND_INS.get(char, "")
    return f"[{re.escape(choices)}]+" if len(choices) > 1 else f"{re.escape(char)}+"


def _word(word: str) -> str:
    return f"{INNER_BREAK}*".join(_letter(char) for char in word)


@lru_cache(maxsize=2048)
def _pattern(phrase: str) -> re.Pattern | None:
    phrase = normalise(phrase)
    if not phrase:
        return None
    body = WORD_BREAK.join(_word(skeleton(word)) for word in phrase.split(" "))
    if UNSPACED.search(phrase):
        return re.compile(body)
    if ARABIC.search(phrase):
        prefixes = "|".join(sorted(map(re.escape, map(skeleton, ARABIC_PREFIXES)), key=len))
        return re.compile(rf"(?<!\w)(?:{prefixes})?{body}(?!\w)")
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _folded(text: str) -> str:
    """The text as patterns are matched against: its skeleton, long runs cut down."""
    return _RUNS.sub(lambda match: match.group(1) * LONGEST_RUN, skeleton(normalise(text)))


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """
    The phrases (as given) that occur in ``text``, whatever disguise they
    wear. Phrase and text go through the same folding (``normalise``, then
    ``skeleton``); Latin-script phrases match whole words only, so "sex"
    is not found in "Essex" nor "ass" in "class".
    """
    folded = _folded(text)
    found = []
    for phrase in phrases:
        pattern = _pattern(phrase)
        if pattern and pattern.search(folded):
            found.append(phrase)
    return found


def blocked_phrases_in(text: str) -> list[str]:
    """The active blocklist phrases ``text`` contains (one query)."""
    from .models import BlockedPhrase

    return find_phrases(text, BlockedPhrase.objects.active().values_list("phrase", flat=True))
