"""
Text typed into a form is stored with LF line breaks, as the page gave it.

(The admin's side: tests/test_admin_round_trip.py posts every change form
back with the CRLF a browser sends and asserts nothing changed.)
"""

import pytest

from comments.models import Comment
from tests.comment_helpers import ensure_default_lists, post_comment

pytestmark = pytest.mark.django_db


def test_a_comments_crlf_line_breaks_are_stored_as_lf(client, post):
    ensure_default_lists()
    post_comment(client, post, body="First line.\r\nSecond line.\rThird line.")
    assert Comment.objects.get().body == "First line.\nSecond line.\nThird line."
