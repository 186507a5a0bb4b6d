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
        "Key points": post.key_point_list,
        "Body": html_blocks(post.body_html),
        "References": html_blocks(post.references_html),
        "Featured image alt text": [post.featured_image_alt],
        "Headline in search results": [post.seo_title],
        "Summary in search results": [post.seo_description],
        "Categories": _names(post, "categories"),
        "Tags": _names(post, "tags"),
        "Related posts": _names(post, "related_posts"),
    }


# Unchanged blocks kept around a change, for context; longer runs are folded.
CONTEXT = 1


def folded(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """
    The changed lines with ``CONTEXT`` unchanged ones on each side; each longer
    unchanged run becomes one ("skipped", "N unchanged paragraphs") line, so
    an added sentence in a long post is not lost in it.
    """
    near = {
        index
        for index, (kind, _) in enumerate(lines)
        if kind != "same"
        for index in range(index - CONTEXT, index + CONTEXT + 1)
    }
    result: list[tuple[str, str]] = []
    skipped = 0
    for index, line in enumerate(lines):
        if index in near:
            if skipped:
                result.append(("skipped", _skipped(skipped)))
                skipped = 0
            result.append(line)
        else:
            skipped += 1
    if skipped:
        result.append(("skipped", _skipped(skipped)))
    return result


def _skipped(count: int) -> str:
    return f"… {count} unchanged paragraph{'s' if count != 1 else ''} …"


def rendered_diff(live: Post, pending: Post) -> list[Section]:
    """Every section of the post, changed ones marked, line by line (escaped by templates)."""
    before, after = _readable(live), _readable(pending)
    return [
        Section(
            label, folded(line_diff(before[label], after[label])), before[label] != after[label]
        )
        for label in before
    ]
