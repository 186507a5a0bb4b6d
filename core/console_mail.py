"""
The demo's mail backend: each message on the console as a person reads it.

Django's console backend prints the wire format, where a line longer than 78
characters is cut with quoted-printable's soft breaks ("=" at the end of a
line): a confirmation link copied from there does not work. This one prints
the headers a reader sees and the plain-text part decoded, links whole.
"""

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

SHOWN_HEADERS = ("From", "To", "Reply-To", "Subject", "Date", "List-Unsubscribe")


class EmailBackend(ConsoleEmailBackend):
    def write_message(self, message) -> None:
        mail = message.message()
        lines = [f"{name}: {mail[name]}" for name in SHOWN_HEADERS if mail[name]]
        text = mail.get_body(preferencelist=("plain",))
        lines += ["", text.get_content().rstrip() if text is not None else "(no plain-text part)"]
        if mail.get_body(preferencelist=("html",)) is not None:
            lines += ["", "[An HTML part with the same text is not shown here.]"]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
