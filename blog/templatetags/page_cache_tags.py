"""
The blog's cache tags for templates: computed in ``blog.page_cache``, never
retyped in a template.
"""

from django import template

from blog.models import Post
from blog.page_cache import post_card_tags

register = template.Library()


@register.filter
def card_cache_tags(post: Post) -> list[object]:
    """``{% fragment "card" post|card_cache_tags %}``: what a post card depends on."""
    return list(post_card_tags(post))
