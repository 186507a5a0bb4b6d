"""People in the directory, for its tests (test_authors_directory.py, test_browser_directory.py)."""

from authors.models import Author, Credential

from .conftest import make_staff


def therapist(name: str, *, focus=(), approaches=(), languages=(), licensed_in=(), **facts):
    """An active author with directory facts and verified licences (place or (place, expiry))."""
    editor = make_staff(f"editor-{name.split()[0].lower()}", "Editors")
    facts.setdefault("accepting_clients", True)
    facts.setdefault("offers_online", True)
    author = Author.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        headline=f"{name}'s headline",
        booking_url=f"https://example.com/book/{name.split()[0].lower()}",
        **facts,
    )
    author.focus_areas.set(focus)
    author.approaches.set(approaches)
    author.languages.set(languages)
    for number, place in enumerate(licensed_in):
        place, expires_on = place if isinstance(place, tuple) else (place, None)
        licence = Credential(
            author=author,
            abbreviation=f"LIC{number}",
            title="Licensed Professional Counselor",
            kind=Credential.Kind.LICENCE,
            jurisdiction=place,
            expires_on=expires_on,
        )
        licence.mark_verified(editor)
        licence.save()
    return author
