"""
A real SMTP server for the newsletter's tests: aiosmtpd on 127.0.0.1, on a
free port, keeping every message it receives as parsed ``email`` objects.
(The queue's tests may bring their own; the two can be folded together.)
"""

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """What the server received: (envelope recipients, message), in order."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    # Addresses the server refuses with 550 at RCPT TO (a bounce), and with 451 (try later).
    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.defer:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpts, message in self.received if address in rcpts]

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _, message in self.received]

    @property
    def newsletters(self) -> list[tuple[list[str], EmailMessage]]:
        """Newsletter mail only (not the workflow's own notices): it has List-Unsubscribe-Post."""
        return [(rcpts, m) for rcpts, m in self.received if m["List-Unsubscribe-Post"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(inbox: Inbox) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


def mailers_for(controller: Controller) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
