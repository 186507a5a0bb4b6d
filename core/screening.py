"""
Screening text before it reaches a public page.

``phrase_problems()`` says why a value may not be shown because it contains
a blocked phrase (in its text, or in a link's address or anchor text).

``authors`` sits below ``blog`` (core <- authors <- blog <- comments), so it
cannot ask blog's blocklist itself. Instead an app above registers a
*screen* here from its ``AppConfig.ready()`` (blog does, in ``blog.apps``),
and authors calls ``problems()`` where a profile's text
could reach a page: ``Author.clean()`` and ``Credential.clean()`` (so the
admin refuses the save with a message on the field, keeping what was typed)
and the booking redirect (which refuses an address blocklisted after it was
stored). With no screen registered (authors on its own) everything passes.

A screen is ``screen(value, kind) -> list[str]``: one sentence per reason
``value`` may not be shown, empty when it may. ``kind`` says how the value
reaches the page: "text" (as typed), "markdown" (rendered, links and all),
"url" (one link) or "urls" (one link a line).
"""

from collections.abc import Callable

from .links import extract_links
from .markdown import markdown_to_text, render_markdown
from .phrases import find_phrases

Screen = Callable[[str, str], list[str]]

_screens: list[Screen] = []


def register(screen: Screen) -> None:
    """Add a screen (once: registering the same function again changes nothing)."""
    if screen not in _screens:
        _screens.append(screen)


def problems(value: str, kind: str = "text") -> list[str]:
    """Why ``value`` may not reach a public page, from every registered screen."""
    if not (value or "").strip():
        return []
    return [problem for screen in _screens for problem in screen(value, kind)]


def problems_by_field(obj: object, fields: dict[str, str]) -> dict[str, list[str]]:
    """``problems()`` for each of ``fields`` (name -> kind) of ``obj`` that has any."""
    found = {}
    for name, kind in fields.items():
        if reasons := problems(getattr(obj, name, ""), kind):
            found[name] = reasons
    return found


def blocked_links(html: str, phrases: list[str]) -> list[str]:
    """
    Why each link in ``html`` whose URL or anchor text matches one of
    ``phrases`` may not be published: one sentence a link, for the editor.
    """
    problems = []
    for link in extract_links(html):
        if found := find_phrases(f"{link.url} {link.text}", phrases):
            problems.append(
                f"The link “{link.text or link.url}” ({link.url}) matches the spam "
                f"blocklist ({', '.join(found)}). Remove it before publishing."
            )
    return problems


def phrase_problems(value: str, kind: str, phrases: list[str]) -> list[str]:
    """
    Why ``value`` may not reach a public page because it contains one of
    ``phrases`` (the site's blocklist), one sentence each; empty when it may.
    ``kind`` says how it reaches the page (see above). Posts, profiles and
    credentials all go through here.
    """
    if not (value or "").strip() or not phrases:
        return []
    if kind == "markdown":
        problems = blocked_links(render_markdown(value, figures=False), phrases)
        in_links = {phrase for problem in problems for phrase in phrases if phrase in problem}
        found = [p for p in find_phrases(markdown_to_text(value), phrases) if p not in in_links]
    elif kind in ("url", "urls"):
        problems = []
        for line in value.splitlines() if kind == "urls" else [value]:
            if found := find_phrases(line, phrases):
                problems.append(
                    f"The address {line.strip()} matches the spam blocklist "
                    f"({', '.join(found)}). Remove it to save."
                )
        return problems
    else:
        problems, found = [], find_phrases(value, phrases)
    if found:
        problems.append(
            f"This contains {', '.join(f'“{phrase}”' for phrase in found)}, on the spam "
            "blocklist. Remove it to save."
        )
    return problems
