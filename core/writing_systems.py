"""
Which writing systems a text uses, to flag text that does not belong.

The site writes in English. Injected spam often hides in another script (an
Arabic-script adult keyword at the end of an English post) or disguises a
blocked word with look-alike letters from another alphabet ("саsino" with a
Cyrillic "с" and "а"). Both are flagged for a person to review, never
silently published and never silently removed: a reader quoting a word in
their own language is legitimate.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

SITE_SCRIPT = "LATIN"

# Unicode character names start with the script for the letters we meet in
# practice; a few scripts use other prefixes for some of their letters.
_NAME_PREFIXES = {
    # The ordinal indicators of Spanish, Portuguese and Italian ("1º", "Nº"),
    # also met in ASCII art: Latin letters whose names do not say so.
    "MASCULINE": "LATIN",
    "FEMININE": "LATIN",
    "CJK": "HAN",
    "HIRAGANA": "JAPANESE",
    "KATAKANA": "JAPANESE",
    "HANGUL": "HANGUL",
}

_WORD_RE = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=4096)
def script_of(char: str) -> str | None:
    """The writing system of one letter, or None for digits, marks and symbols."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if not name:
        return None
    first = name.split(" ", 1)[0]
    return _NAME_PREFIXES.get(first, first)


@dataclass
class ScriptReport:
    letters: int = 0
    by_script: dict[str, int] = field(default_factory=dict)
    foreign_words: list[str] = field(default_factory=list)
    mixed_words: list[str] = field(default_factory=list)

    @property
    def foreign_share(self) -> float:
        if not self.letters:
            return 0.0
        return 1 - self.by_script.get(SITE_SCRIPT, 0) / self.letters

    def reasons(
        self, *, max_foreign_share: float = 0.5, allow_foreign_words: bool = True
    ) -> list[str]:
        """Why this text needs a person's review; empty when it does not."""
        found = []
        if self.mixed_words:
            found.append(
                "Words mixing alphabets (look-alike letters): " + ", ".join(self.mixed_words[:5])
            )
        if self.foreign_share > max_foreign_share:
            scripts = sorted(
                (s for s in self.by_script if s != SITE_SCRIPT),
                key=lambda script: self.by_script[script],
                reverse=True,
            )
            found.append(
                f"Mostly written in another script ({', '.join(s.title() for s in scripts)}: "
                f"{self.foreign_share:.0%} of letters)"
            )
        elif self.foreign_words and not allow_foreign_words:
            found.append("Words in another script: " + ", ".join(self.foreign_words[:5]))
        return found


def analyse(text: str) -> ScriptReport:
    report = ScriptReport()
    for word in _WORD_RE.findall(unicodedata.normalize("NFC", text or "")):
        scripts = {s for s in map(script_of, word) if s}
        for char in word:
            if script := script_of(char):
                report.letters += 1
                report.by_script[script] = report.by_script.get(script, 0) + 1
        if len(scripts) > 1:
            report.mixed_words.append(word)
        elif scripts and scripts != {SITE_SCRIPT}:
            report.foreign_words.append(word)
    return report


def review_reasons(text: str, *, allow_foreign_words: bool = False) -> list[str]:
    """
    Reasons to hold text for review. Posts are strict (any word in another
    script is worth a look, as in the sample page's injected keyword);
    comments may quote a word in another language but not be mostly one.
    """
    return analyse(text).reasons(allow_foreign_words=allow_foreign_words)
