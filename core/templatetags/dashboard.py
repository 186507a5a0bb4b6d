"""The admin index's panels (templates/admin/index.html, core.dashboard)."""

from django import template

from ..dashboard import ShownPanel, panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_panels(context) -> list[ShownPanel]:
    """The panels the logged-in user sees, with their numbers (no request: none)."""
    request = context.get("request")
    return panels_for(request) if request is not None else []
