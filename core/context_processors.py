from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """The site's name and tagline, for the header, footer and titles."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_TAGLINE": settings.SITE_TAGLINE}
