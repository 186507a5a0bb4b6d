"""
A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1 and a free port,
in a thread of the test process. It keeps every message it accepted (parsed,
headers and parts) and can be told, per recipient, to answer RCPT TO with a
temporary (4xx) or permanent (5xx) refusal, or to hold a message at DATA
until released (a server that stalls while a worker is killed).

``smtp_server`` (tests/conftest.py) starts one per test and points the
test's own mail settings at it; ``SmtpServer.settings_env()`` gives worker
processes the same.
"""

import asyncio
import email
import email.policy
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from .servers import free_port

# aiosmtpd logs every SMTP command at INFO: only its warnings matter here.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Recorder:
    """The handler: aiosmtpd calls handle_RCPT and handle_DATA from its event loop."""

    received: list[EmailMessage] = field(default_factory=list)
    # address -> how many more RCPT TOs to answer 451 (temporarily refused)
    temporary: Counter = field(default_factory=Counter)
    permanent: set[str] = field(default_factory=set)  # answered 550 every time
    delay: float = 0  # seconds each accepted message takes (a slow server)
    stall: set[str] = field(default_factory=set)  # DATA to these waits for release()
    stalled: threading.Event = field(default_factory=threading.Event)  # one is waiting
    released: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if address in self.permanent:
                return "550 5.1.1 No such mailbox here"
            if self.temporary[address] > 0:
                self.temporary[address] -= 1
                return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.stall & set(envelope.rcpt_tos):
            # Held until released; the client is gone by then (killed), and a
            # message whose sender vanished mid-DATA is not delivered.
            self.stalled.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.4.2 Connection dropped"
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(message)  # type: ignore[arg-type]
        return "250 Message accepted"


class SmtpServer:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.recorder.released.set()
        self.controller.stop()

    @property
    def received(self) -> list[EmailMessage]:
        with self.recorder.lock:
            return list(self.recorder.received)

    def received_by(self, address: str) -> list[EmailMessage]:
        return [message for message in self.received if address in message["To"]]

    def refuse_temporarily(self, address: str, times: int = 1) -> None:
        self.recorder.temporary[address] += times

    def refuse_permanently(self, address: str) -> None:
        self.recorder.permanent.add(address)

    def slow_down(self, seconds: float) -> None:
        self.recorder.delay = seconds

    def stall_data_for(self, address: str) -> None:
        self.recorder.stall.add(address)

    def release(self) -> None:
        self.recorder.stall.clear()
        self.recorder.released.set()

    def wait_for(self, count: int, timeout: float = 20) -> list[EmailMessage]:
        """The messages received, once there are ``count`` (or the timeout passed)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received

    def mailers(self) -> dict:
        """MAILERS sending here, for the test's own process."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }

    def settings_env(self) -> dict[str, str]:
        """The environment that points a worker process's mail here (config/settings.py)."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
        }
