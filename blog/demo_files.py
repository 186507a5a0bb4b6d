"""
Read the demo's content from the ``demo/`` folder at the project's root.

The content is data an editor changes without touching code (demo/README.md
says which file holds what). This module only reads it into the shape each
app's ``demo.load(content, stdout)`` takes: ``AUTHORS``, ``CATEGORIES``,
``TAGS``, ``POSTS``, ``COMMENT_THREADS``, ``PENDING_COMMENTS``,
``SPAM_COMMENTS``, ``BOOKING_CLICKS`` (a recipe) and ``DIRECTORY`` (the
directory's lists), with each picture's
recipe from images.yaml put beside the author or post it draws for. Saving
stays with the apps' loaders, through the models, so seals, renditions, the
link register and the search index follow.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import yaml
from django.conf import settings
from django.core.management.base import CommandError

FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)


def default_directory() -> Path:
    return settings.BASE_DIR / "demo"


def read_demo(directory: Path | None = None) -> SimpleNamespace:
    """Everything in ``directory`` (demo/ by default), as the apps' loaders take it."""
    directory = directory or default_directory()
    images = _yaml(directory / "images.yaml")
    portraits, featured = images["portraits"], images["featured_images"]
    authors = _yaml(directory / "authors.yaml")
    for author in authors:
        author["colour"] = _recipe(portraits["colours"], author["slug"], "portraits")
        author["portrait_size"] = portraits["size"]
    posts = [_post(path) for path in sorted((directory / "posts").glob("*.md"))]
    for post in posts:
        first, second = _recipe(featured["palettes"], post["slug"], "featured_images")
        post["palette"] = (tuple(first), tuple(second))
        post["image_size"] = tuple(featured["size"])
    comments = _yaml(directory / "comments.yaml")
    return SimpleNamespace(
        AUTHORS=authors,
        CATEGORIES=_yaml(directory / "categories.yaml"),
        TAGS=_yaml(directory / "tags.yaml"),
        POSTS=posts,
        COMMENT_THREADS=comments.get("threads") or {},
        PENDING_COMMENTS=comments.get("pending") or [],
        SPAM_COMMENTS=comments.get("spam") or [],
        BOOKING_CLICKS=_yaml(directory / "booking_clicks.yaml"),
        DIRECTORY=_yaml(directory / "directory.yaml"),
    )


def _yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CommandError(f"The demo content in {path} cannot be read: {error}") from error


def _recipe(recipes: dict, slug: str, section: str) -> tuple:
    if slug not in recipes:
        raise CommandError(f"demo/images.yaml has no {section} colours for {slug!r}.")
    return tuple(recipes[slug])


def _post(path: Path) -> dict:
    """A post file: YAML front matter between ``---`` lines, then the Markdown body."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise CommandError(f"{path} does not start with front matter between '---' lines.")
    try:
        meta = yaml.safe_load(match["meta"])
    except yaml.YAMLError as error:
        raise CommandError(f"The front matter of {path} cannot be read: {error}") from error
    # The slug is the file's name, so a post cannot be listed twice.
    return {"slug": path.stem, **meta, "body": match["body"].strip() + "\n"}
