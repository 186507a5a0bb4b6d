"""The demo prints mail so that a person can open its links (core/console_mail.py)."""

import io

from django.core.mail import EmailMultiAlternatives

from core.console_mail import EmailBackend

LINK = "http://127.0.0.1:8000/newsletter/confirm/" + "WzIsIndhbGtlckBleGFtcGxlLm9yZyJd" * 3 + "/"


def printed(message) -> str:
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_a_long_link_is_printed_whole_on_one_line():
    message = EmailMultiAlternatives(
        "Confirm your subscription",
        f"Naïve readers, open this link within 7 days:\n\n{LINK}\n",
        "site@example.org",
        ["reader@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/u/x/>"},
    )
    message.attach_alternative(f'<p><a href="{LINK}">Confirm</a></p>', "text/html")
    output = printed(message)
    assert LINK in output.splitlines()
    assert "Naïve readers" in output  # decoded, not quoted-printable
    assert "Subject: Confirm your subscription" in output
    assert "To: reader@example.org" in output
    assert "List-Unsubscribe: <https://example.org/u/x/>" in output
    assert "HTML part" in output and "<a href" not in output
