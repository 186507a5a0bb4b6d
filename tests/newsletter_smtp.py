"""
Reading what the newsletter's tests received through the real SMTP server
(tests/smtp_server.py, the ``smtp_server`` fixture): its mail apart from the
workflow's own notices, and the parts of a message.
"""

from email.message import EmailMessage

from tests.smtp_server import SmtpServer


def newsletters(server: SmtpServer) -> list[tuple[list[str], EmailMessage]]:
    """
    (recipients, message) of the newsletter's mail only (it has
    List-Unsubscribe-Post), not the review workflow's notices.
    """
    return [([m["To"]], m) for m in server.received if m["List-Unsubscribe-Post"]]


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
