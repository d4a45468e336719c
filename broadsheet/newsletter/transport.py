"""Handing messages to the mail server one at a time, with a point of no return.

An SMTP server takes responsibility for a message when it reads the dot that ends its
DATA, and not before: a connection that drops before the dot leaves nothing behind
(RFC 5321, 4.1.1.4). So ``SMTPSession.deliver`` sends the whole message but the dot,
then asks its caller to ``commit`` (mark the delivery "sending" in the database), and
only then sends the dot. A worker killed before the commit left no message on the
server, and its delivery is still "queued": it is sent again. One killed after the
commit left "sending": it is never sent again. The only message in doubt is one whose
worker died in the microseconds between the commit and writing the dot.

Other Django mail backends (the console in development, the test outbox) have no such
point: their message counts as handed over when ``commit`` succeeded.
"""

import email.policy
import re
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

MAILER = "newsletter"
_LEADING_DOT = re.compile(rb"(?m)^\.")
# A server that takes 8-bit bodies (8BITMIME, RFC 6152: nearly every one) gets each part
# as it is, in lines of up to RFC 5322's 998 characters: encoding an issue's HTML as
# quoted-printable, in pure Python, costs more than all the rest of sending it.
_EIGHT_BIT = email.policy.SMTP.clone(max_line_length=998)


class Temporary(Exception):
    """The server said "not now" (4xx), or could not be reached: try again later."""

    def __init__(self, reason: str, *, connection_lost: bool = False) -> None:
        super().__init__(reason)
        self.connection_lost = connection_lost


class Permanent(Exception):
    """The server refused the message for good (5xx): the address does not work."""


class Unconfirmed(Exception):
    """The message was handed over, but the server's answer never came."""


class Abandoned(Exception):
    """``commit`` said no (another worker took the delivery): nothing was sent."""


def _reply_failure(code: int, reply: bytes, stage: str) -> Exception:
    text = f"{stage}: {code} {reply.decode('utf-8', 'replace')}".strip()
    return Permanent(text) if 500 <= code < 600 else Temporary(text)


class SMTPSession:
    """One connection to the SMTP server of a Django SMTP mailer, reused for each message."""

    def __init__(self, backend: SMTPBackend) -> None:
        self.backend = backend
        self._senders: dict[str, str] = {}

    def _connection(self) -> smtplib.SMTP:
        if self.backend.connection is not None:
            return self.backend.connection
        try:
            self.backend.open()
        except (OSError, smtplib.SMTPException) as error:
            self.backend.connection = None
            raise Temporary(
                f"cannot reach the mail server: {error}", connection_lost=True
            ) from error
        connection = self.backend.connection
        if connection is None:  # A backend set to fail silently says nothing.
            raise Temporary("cannot reach the mail server", connection_lost=True)
        # The final dot goes in a write of its own, after the commit: without this,
        # Nagle's algorithm holds it back until the server acknowledges the body.
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def _drop(self) -> None:
        connection, self.backend.connection = self.backend.connection, None
        if connection is not None:
            connection.close()

    def close(self) -> None:
        try:
            self.backend.close()
        except (OSError, smtplib.SMTPException):
            self._drop()

    def deliver(
        self, message: EmailMessage, *, commit: Callable[[], bool], recipients=None
    ) -> None:
        """Send ``message``; ``recipients``, when given, are its envelope's addresses
        already in plain ASCII form (the message's own are parsed otherwise)."""
        if message.from_email not in self._senders:
            self._senders[message.from_email] = self.backend.prep_address(message.from_email)
        sender = self._senders[message.from_email]
        if recipients is None:
            recipients = [self.backend.prep_address(address) for address in message.recipients()]
        connection = self._connection()
        try:
            connection.ehlo_or_helo_if_needed()
            eight_bit = connection.has_extn("8bitmime")
            policy = _EIGHT_BIT if eight_bit else email.policy.SMTP
            content = message.message(policy=policy).as_bytes()
            self._envelope(connection, sender, recipients, ["BODY=8BITMIME"] if eight_bit else [])
            code, reply = connection.docmd("DATA")
            if code != 354:
                connection.rset()
                raise _reply_failure(code, reply, "DATA")
            body = _LEADING_DOT.sub(b"..", content)
            if not body.endswith(b"\r\n"):
                body += b"\r\n"
            connection.send(body)
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self._drop()
            raise Temporary(f"the connection broke: {error}", connection_lost=True) from error
        if not commit():
            # The one way to take back an unfinished DATA is to hang up.
            self._drop()
            raise Abandoned
        try:
            connection.send(b".\r\n")
            code, reply = connection.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self._drop()
            raise Unconfirmed(f"no answer after the message was handed over: {error}") from error
        if code != 250:
            raise _reply_failure(code, reply, "end of message")

    @staticmethod
    def _envelope(connection: smtplib.SMTP, sender: str, recipients: list[str], options) -> None:
        code, reply = connection.mail(sender, options)
        if code != 250:
            connection.rset()
            raise _reply_failure(code, reply, "MAIL FROM")
        for recipient in recipients:
            code, reply = connection.rcpt(recipient)
            if code not in (250, 251):
                connection.rset()
                raise _reply_failure(code, reply, f"RCPT TO {recipient}")


class BackendSession:
    """Any other Django mail backend: console, file, the test outbox."""

    def __init__(self, backend) -> None:
        self.backend = backend

    def deliver(
        self, message: EmailMessage, *, commit: Callable[[], bool], recipients=None
    ) -> None:
        if not commit():
            raise Abandoned
        try:
            self.backend.send_messages([message])
        except OSError as error:
            raise Unconfirmed(str(error)) from error

    def close(self) -> None:
        self.backend.close()


@contextmanager
def mail_session():
    """A session with the newsletter's mailer (``MAILERS["newsletter"]``), closed after."""
    backend = mailers[MAILER]
    session = SMTPSession(backend) if isinstance(backend, SMTPBackend) else BackendSession(backend)
    try:
        yield session
    finally:
        session.close()


class Pacer:
    """At most ``per_minute`` messages a minute from this process (0: no limit).

    Shared by every batch this worker process sends, so that one batch following another
    keeps the pace; several worker processes each keep it on their own.
    """

    _lock = threading.Lock()
    _next_at = 0.0

    def __init__(self, per_minute: int, *, clock=time.monotonic, sleep=time.sleep) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self._clock = clock
        self._sleep = sleep

    def wait(self) -> None:
        if not self.interval:
            return
        with Pacer._lock:
            now = self._clock()
            start = max(now, Pacer._next_at)
            Pacer._next_at = start + self.interval
        if start > now:
            self._sleep(start - now)
