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

Used with the blog's blocklist (``blog.blocklist``: refusing to publish
blocked phrases, and through ``core.screening`` refusing them in profiles)
and by the comments (spam and crisis language).
"""

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
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
_ZERO_WIDTH_RE = re.compile("[" + "".join(map(chr, ZERO_WIDTH)) + "]")
_ARABIC_FOLD_RE = re.compile("[" + "".join(map(chr, ARABIC_FOLD)) + "]")
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
    # Regular expressions rather than str.translate: several times faster on long text.
    text = _ZERO_WIDTH_RE.sub("", unicodedata.normalize("NFKC", text or "")).casefold()
    text = ARABIC_MARKS.sub("", text)
    text = _ARABIC_FOLD_RE.sub(lambda match: ARABIC_FOLD[ord(match.group())], text)
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
    # Word by word: skeletons never reach across a space, and a text repeats
    # its words, so each is worked out once.
    return " ".join(map(_word_skeleton, text.split(" ")))


@lru_cache(maxsize=65536)
def _word_skeleton(word: str) -> str:
    # A pipe is a "|" (an i) or a break to a reader; the skeleton would make
    # it an "l". It is kept as "!", which the patterns read as either.
    word = _spoof_checker.getSkeleton(0, word.replace("|", "!"))
    word = unicodedata.normalize("NFD", _latin_ascii().transliterate(word).casefold())
    return "".join(char for char in word if not unicodedata.combining(char))


# Keyboard stand-ins for letters ("v1agra", "$ex", "s3x"). These are not
# Unicode look-alikes (the skeleton covers those, and already reads "1", "I"
# and "|" as "l"), so no Unicode data has them. Each letter of a phrase's
# skeleton matches itself or these; "i" also matches the "l" the skeleton
# made of "I", "1" and "|".
KEYBOARD_STAND_INS = {"i": "l!", "a": "@4", "s": "$5", "e": "3", "t": "7", "o": "0"}
# What may break up the letters of a word ("v.i.a.g.r.a", "via-gra",
# "online|casino"): punctuation, never a letter.
INNER_BREAKS = "-.!_*·•~+/\\:"
# Between the words of a phrase: the same, or spaces ("online casino",
# "online-casino", and "onlinecasino" for a domain name).
WORD_BREAKS = INNER_BREAKS + " "
# One letter repeated stands for itself ("viaaagra"); runs longer than this
# are cut down in phrase and text alike.
LONGEST_RUN = 3
_RUNS = re.compile(rf"(.)\1{{{LONGEST_RUN},}}")
# A letter may be repeated or disguised this many characters more, and this
# many break characters may stand between two letters: enough for any
# disguise a reader still reads, and a bound on the work one match may take.
MOST_EXTRA = 6
MOST_BREAKS = 3
# Where a phrase written in spaced words may start: not inside a word.
_WORD_START = re.compile(r"(?<!\w)\S")


def _cut_runs(text: str) -> str:
    return _RUNS.sub(lambda match: match.group(1) * LONGEST_RUN, text)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern
    first: frozenset[str]  # the characters a match can start with
    anywhere: bool  # scripts without spaces: a match may start inside a word


def _letters(word: str) -> list[tuple[str, int]]:
    """A phrase word's skeleton as (the characters that may stand for a letter, how many)."""
    runs = []
    for match in re.finditer(r"(.)\1*", _cut_runs(word)):
        letter = match.group(1)
        runs.append((letter + KEYBOARD_STAND_INS.get(letter, ""), len(match.group())))
    return runs


def _body(words: list[str]) -> tuple[str, frozenset[str]]:
    """
    The regular expression for a phrase's words. Every repetition is
    possessive and bounded, and a break never takes a character the next
    letter could be, so nothing backtracks and each attempt is short:
    matching is linear in the text, whatever it holds.
    """
    letters = [(index, *letter) for word in words for index, letter in enumerate(_letters(word))]
    parts: list[str] = []
    first: frozenset[str] = frozenset()
    for number, (index, choices, count) in enumerate(letters):
        if number + 1 < len(letters):
            # A stand-in the next letter also takes is left to it ("pills": "i" then "ll").
            following = letters[number + 1][1]
            choices = choices[0] + "".join(c for c in choices[1:] if c not in following)
        if parts:
            breaks = INNER_BREAKS if index else WORD_BREAKS
            allowed = "".join(char for char in breaks if char not in choices)
            parts.append(f"[{re.escape(allowed)}]{{0,{MOST_BREAKS}}}+")
        else:
            first = frozenset(choices)
        parts.append(f"[{re.escape(choices)}]{{{count},{count + MOST_EXTRA}}}+")
    return "".join(parts), first


@lru_cache(maxsize=2048)
def _pattern(phrase: str) -> _Pattern | None:
    phrase = normalise(phrase)
    if not phrase:
        return None
    body, first = _body([skeleton(word) for word in phrase.split(" ")])
    if UNSPACED.search(phrase):
        return _Pattern(re.compile(body), first, anywhere=True)
    if ARABIC.search(phrase):
        prefixes = [skeleton(prefix) for prefix in ARABIC_PREFIXES]
        either = "|".join(map(re.escape, sorted(prefixes, key=len, reverse=True)))
        first |= {prefix[0] for prefix in prefixes}
        return _Pattern(re.compile(rf"(?<!\w)(?:{either})?{body}(?!\w)"), first, False)
    return _Pattern(re.compile(rf"(?<!\w){body}(?!\w)"), first, anywhere=False)


def _folded(text: str) -> str:
    """The text as patterns are matched against: its skeleton, long runs cut down."""
    return _cut_runs(skeleton(normalise(text)))


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """
    The phrases (as given) that occur in ``text``, whatever disguise they
    wear. Phrase and text go through the same folding (``normalise``, then
    ``skeleton``); Latin-script phrases match whole words only, so "sex"
    is not found in "Essex" nor "ass" in "class".
    """
    folded = _folded(text)
    patterns = [(phrase, pattern) for phrase in phrases if (pattern := _pattern(phrase))]
    # Phrases in spaced scripts are tried only where a word starts with a
    # character they can start with: a long text costs one pass, not one per phrase.
    by_first: dict[str, list[int]] = {}
    hits = set()
    for number, (_, pattern) in enumerate(patterns):
        if pattern.anywhere:
            if pattern.regex.search(folded):
                hits.add(number)
            continue
        for char in pattern.first:
            by_first.setdefault(char, []).append(number)
    for start in _WORD_START.finditer(folded):
        for number in by_first.get(start.group(), ()):
            if number not in hits and patterns[number][1].regex.match(folded, start.start()):
                hits.add(number)
    return [phrase for number, (phrase, _) in enumerate(patterns) if number in hits]


# --- Lists read once for a long run ------------------------------------------------

_held_lists: ContextVar[dict[str, list[str]] | None] = ContextVar("held_phrase_lists", default=None)


@contextmanager
def phrase_lists_held() -> Iterator[None]:
    """
    Within it, each list of phrases (``held_phrases``) is read once. For a
    long run that checks many texts (an import: 100,000 comments, two lists
    each): a phrase an editor adds meanwhile waits for the next run. A
    request reads the lists every time.
    """
    token = _held_lists.set({})
    try:
        yield
    finally:
        _held_lists.reset(token)


def held_phrases(name: str, read: Callable[[], Iterable[str]]) -> list[str]:
    """The list called ``name``: ``read()`` now, or once per ``phrase_lists_held()``."""
    held = _held_lists.get()
    if held is None:
        return list(read())
    if name not in held:
        held[name] = list(read())
    return held[name]
