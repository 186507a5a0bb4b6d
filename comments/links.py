"""
What an approved comment shows readers as links: the writer's website on
their name, and the links in the body. ``Comment.outbound_link_html()``
hands it to the site's register of outbound links (``blog.links``), so the
editors' "Outbound links to review" and ``audit_content`` see them too; a
comment that stops being shown is forgotten.
"""

from django.utils.html import format_html

from blog.models import domain_of
from core.links import extract_links

from .text import comment_html


def shown_html(comment) -> str:
    """The links of a comment as the page shows them."""
    name = format_html('<a href="{}">{}</a>', comment.url, comment.name) if comment.url else ""
    return f"{name}{comment_html(comment.body)}"


def linked_domains(comment) -> set[str]:
    """The sites a comment links, as the page shows them: its website and body links."""
    return {domain_of(link.url) for link in extract_links(shown_html(comment))} - {""}
