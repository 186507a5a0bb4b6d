"""
What an app above ``authors`` may refuse in a profile, without ``authors``
importing it.

``authors`` is the bottom of the dependency chain (comments -> blog ->
authors), so it cannot ask blog's spam blocklist itself. Instead an app
above registers a *screen* here from its ``AppConfig.ready()`` (blog does,
in ``blog.apps``), and authors calls ``problems()`` where a profile's text
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
