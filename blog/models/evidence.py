"""
What a post offers besides its text to show where its advice comes from:
its key points (up to five short lines at the top of the article) and its
references (its sources, each with an optional DOI or web address, listed
under the article). Search engines get both in the structured data
(``abstract`` and ``citation``, blog/structured_data.py).

Both are plain text, one item a line, kept on the post like its other text,
so they travel with it: an author's pending changes, the history, the seal,
the blocklist. A reference line ends with its link when it has one, as APA
style writes it::

    Gottman, J. M., & Levenson, R. W. (2000). The timing of divorce. Journal of
    Marriage and Family, 62(3), 737–745. https://doi.org/10.1111/j.1741-3737.2000.00737.x

(``doi:10.…`` works too). The list is rendered on save through the one
sanitising Markdown function, so its links get the same ``rel`` as the
body's and the link register records them (``Post.outbound_link_html``).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from core.markdown import Heading, headings, render_markdown

MAX_KEY_POINTS = 5
KEY_POINT_MAX_LENGTH = 200
MAX_REFERENCES = 40
REFERENCE_MAX_LENGTH = 600

# Crossref's pattern for the DOIs it registers (nearly all of them), which
# also keeps any character that would need escaping out of the link.
DOI_RE = re.compile(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+")
# A line's trailing link: "doi:10.…", "https://doi.org/10.…" or another web address.
_DOI_LINK_RE = re.compile(r"(?:\bdoi:\s*|\bhttps?://(?:dx\.)?doi\.org/)(\S+)$", re.IGNORECASE)
_URL_END_RE = re.compile(r"(?:^|\s)(https?://\S+)$", re.IGNORECASE)
_is_web_address = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Reference:
    """One source: its citation, and its DOI or web address if it gave a valid one."""

    text: str
    doi: str = ""
    url: str = ""

    @property
    def link(self) -> str:
        """Where the reference leads: the DOI's resolver address, or its web address."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _web_address(candidate: str) -> str:
    try:
        _is_web_address(candidate)
    except ValidationError:
        return ""
    return candidate


def parse_reference(line: str) -> tuple[Reference, str]:
    """
    A reference line read as its citation and link, with what is wrong with
    its link ("" when nothing is). A link that is not valid stays in the text.
    """
    line = line.strip()
    if found := _DOI_LINK_RE.search(line):
        doi = found.group(1).rstrip(".")
        if not DOI_RE.fullmatch(doi):
            return Reference(line), (
                f"“{doi}” is not a DOI: a DOI starts with “10.”, at least four digits "
                "and a slash, like 10.1037/a0012345."
            )
        return Reference(line[: found.start()].strip(), doi=doi), ""
    if found := _URL_END_RE.search(line):
        url = found.group(1).rstrip(".")
        if not _web_address(url) or any(c in url for c in "<>\"'`"):
            return Reference(line), f"“{url}” is not a web address."
        return Reference(line[: found.start(1)].strip(), url=url), ""
    return Reference(line), ""


# What a Markdown renderer would read as syntax, escaped so a citation shows as typed.
_MARKDOWN_SYNTAX_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!>|])")


def _as_plain_markdown(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SYNTAX_RE.sub(r"\\\1", text)


def validate_key_points(value: str) -> None:
    lines = _lines(value)
    if len(lines) > MAX_KEY_POINTS:
        raise ValidationError(
            f"Give at most {MAX_KEY_POINTS} key points, one a line (this has {len(lines)})."
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > KEY_POINT_MAX_LENGTH:
            raise ValidationError(
                f"Key point {number} has {len(line)} characters: keep each under "
                f"{KEY_POINT_MAX_LENGTH}, a short line."
            )


def validate_references(value: str) -> None:
    lines = _lines(value)
    if len(lines) > MAX_REFERENCES:
        raise ValidationError(f"Give at most {MAX_REFERENCES} references (this has {len(lines)}).")
    problems = []
    for number, line in enumerate(lines, start=1):
        reference, problem = parse_reference(line)
        if len(line) > REFERENCE_MAX_LENGTH:
            problem = f"it has {len(line)} characters, at most {REFERENCE_MAX_LENGTH} fit."
        elif not problem and not reference.text:
            problem = "give the authors, year and title before the link."
        if problem:
            problems.append(f"Reference {number}: {problem}")
    if problems:
        raise ValidationError(problems)


def reference_list(text: str) -> list[Reference]:
    """Each line of a post's references, read as a reference (its link kept only if valid)."""
    return [parse_reference(line)[0] for line in _lines(text)]


def render_reference_list(text: str, is_trusted_link: Callable[[str], bool] | None = None) -> str:
    """
    A post's references as readers get them: a numbered list of the
    citations as typed (plain text), each followed by its link, rendered by
    the one sanitising function so links get the body's ``rel``.
    """
    items = [
        f"{number}. {_as_plain_markdown(reference.text)}"
        + (f" <{reference.link}>" if reference.link else "")
        for number, reference in enumerate(reference_list(text), start=1)
    ]
    return render_markdown("\n".join(items), is_trusted_link=is_trusted_link) if items else ""


class PostEvidence(models.Model):
    """Post's key points and references (see the module docstring)."""

    key_points = models.TextField(
        blank=True,
        validators=[validate_key_points],
        help_text=f"Optional. Up to {MAX_KEY_POINTS} short lines, one a line, shown at the "
        "top of the article as “Key points”.",
    )
    references = models.TextField(
        blank=True,
        validators=[validate_references],
        help_text="Optional. One source a line, ending with its DOI or web address if it has "
        "one (https://doi.org/10.1037/a0012345 or doi:10.1037/a0012345), shown under the "
        "article as “References”. For notes in the text, write [^1] there and “[^1]: the "
        "note” at the end of the body.",
    )
    # The references as readers get them, rendered on save like the body.
    references_html = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    @property
    def key_point_list(self) -> list[str]:
        return _lines(self.key_points)

    @property
    def reference_list(self) -> list[Reference]:
        return reference_list(self.references)

    def render_references(self, is_trusted_link: Callable[[str], bool] | None) -> None:
        """Set ``references_html`` from ``references`` (see ``render_reference_list``)."""
        self.references_html = render_reference_list(self.references, is_trusted_link)

    @property
    def contents(self) -> list[Heading]:
        """
        The table of contents of a long post: its headings once it has at
        least BLOG_CONTENTS_MIN_HEADINGS of them (second and third level).
        """
        found = headings(getattr(self, "body_html", ""))
        return found if len(found) >= settings.BLOG_CONTENTS_MIN_HEADINGS else []
