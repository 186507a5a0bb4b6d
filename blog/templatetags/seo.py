"""
``{% absolute_url %}`` for the admin's Django templates (the preview link's
address); the public templates are Jinja2 and call blog.seo through
config/jinja2.py.
"""

from django import template

from blog import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    return seo.absolute_url(context.get("request"), url)
