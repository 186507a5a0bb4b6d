"""
A comment's plain text as the page shows it: escaped, paragraphs kept, bare
http(s) URLs linked nofollow. Its own module so that the template filter, the
link register and the moderation rules (which links a comment brings) all
read the same links.
"""

import re

from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import SafeString


class CommentUrlizer(Urlizer):
    """Django's urlize, limited to bare http(s) URLs, with the rel a comment link needs."""

    url_template = '<a href="{href}" rel="nofollow ugc noopener">{url}</a>'
    simple_url_2_re = re.compile(r"(?!)")  # no "www." or bare domains

    def is_email_simple(self, value) -> bool:  # never link an address
        return False


urlize_comment = CommentUrlizer()


def comment_html(value: str) -> SafeString:
    """A comment's plain text as HTML: escaped, paragraphs and line breaks kept, URLs linked."""
    if "://" not in value:
        # Nothing to link (most comments): skip urlize's word-by-word scan.
        return SafeString(linebreaks(value, autoescape=True))
    return SafeString(linebreaks(urlize_comment(value, trim_url_limit=60, autoescape=True)))
