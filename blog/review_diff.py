"""
What an editor reviews of an author's pending changes: the difference of the
rendered text between the live post and the pending version, section by
section (title, summary, body blocks, image text, search texts, filing), as
readers would read it, never the raw Markdown.
"""

from dataclasses import dataclass

from core.rendered_text import html_blocks
from core.version_diff import line_diff

from .models import Post


@dataclass
class Section:
    label: str
    lines: list[tuple[str, str]]  # (kind, text): "added", "removed" or "same"
    changed: bool


def _names(post: Post, relation: str) -> list[str]:
    return sorted(str(obj) for obj in getattr(post, relation).all())


def _readable(post: Post) -> dict[str, list[str]]:
    return {
        "Title": [post.title],
        "Summary": [post.summary],
        "Body": html_blocks(post.body_html),
        "Featured image alt text": [post.featured_image_alt],
        "Headline in search results": [post.seo_title],
        "Summary in search results": [post.seo_description],
        "Categories": _names(post, "categories"),
        "Tags": _names(post, "tags"),
        "Related posts": _names(post, "related_posts"),
    }


def rendered_diff(live: Post, pending: Post) -> list[Section]:
    """Every section of the post, changed ones marked, line by line (escaped by templates)."""
    before, after = _readable(live), _readable(pending)
    return [
        Section(label, line_diff(before[label], after[label]), before[label] != after[label])
        for label in before
    ]
