"""Mailed links (core/signed_links.py):
a link that does not work says why and that nothing was done."""

from datetime import timedelta

import pytest
from django.core import signing

from core.signed_links import LinkProblem, read_link

SALT = "tests.signed-links"


def test_a_good_link_gives_its_value():
    token = signing.dumps("reader@example.org", salt=SALT)
    assert read_link(token, salt=SALT, holds=str, max_age=timedelta(days=1)) == "reader@example.org"


@pytest.mark.parametrize(
    "token",
    [
        # Ids by hand: a signed value holds the time it was made, and each
        # test worker must collect the same names.
        pytest.param(signing.dumps("reader@example.org", salt=SALT)[:-3], id="cut-short"),
        pytest.param(signing.dumps("reader@example.org", salt="another"), id="other-salt"),
        pytest.param(signing.dumps(42, salt=SALT), id="not-what-it-holds"),
        pytest.param(signing.dumps("", salt=SALT), id="empty-value"),
        pytest.param("", id="empty"),
        pytest.param("not-a-link", id="not-a-link"),
    ],
)
def test_a_damaged_or_foreign_link_says_so_and_that_nothing_was_done(token):
    with pytest.raises(LinkProblem) as problem:
        read_link(token, salt=SALT, holds=str, nothing_done="Nothing was sent or erased.")
    assert str(problem.value) == (
        "This link is not valid: it may have been cut short or changed. Nothing was sent or erased."
    )


def test_an_expired_link_says_how_long_links_work():
    token = signing.dumps("reader@example.org", salt=SALT)
    with pytest.raises(LinkProblem) as problem:
        read_link(
            token,
            salt=SALT,
            holds=str,
            max_age=timedelta(seconds=-1),
            expired="This link has expired (links work for 7 days).",
        )
    assert (
        str(problem.value) == "This link has expired (links work for 7 days). Nothing was changed."
    )
