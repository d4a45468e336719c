"""A real SMTP server on loopback for tests: aiosmtpd, in a thread of the test process.

A pytest plugin (loaded from ``broadsheet/conftest.py``). ``smtp_server`` starts a server
for one test and gives what it received, as parsed messages with their envelopes;
``smtp_mailers`` also points Django's mailers (``MAILERS``: ``default`` and
``newsletter``) at it, for code that sends through Django. A test can script answers:
``smtp_server.answer("451 4.3.0 Try again later", at="DATA", times=1)`` makes the next
message end with a temporary failure; ``at="RCPT"`` and ``recipient=...`` refuse one
address.

Another process (a task worker started by a test) reaches the same server through
``smtp_server.url`` in its ``EMAIL_URL``.
"""

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from broadsheet.settings.email import SMTP_BACKEND

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMessage:
    """One message as the server accepted it: the envelope, and the message parsed."""

    mail_from: str
    recipients: tuple[str, ...]
    raw: bytes
    message: EmailMessage | None = field(repr=False)

    def part(self, content_type: str) -> str:
        """The text of the message's ``text/plain`` or ``text/html`` part."""
        if self.message is None:
            raise AssertionError("the message could not be read")
        body = self.message.get_body(preferencelist=(content_type.split("/")[1],))
        if body is None or body.get_content_type() != content_type:
            raise AssertionError(f"no {content_type} part in {self.message['Subject']!r}")
        return body.get_content()


@dataclass
class _ScriptedAnswer:
    reply: str
    at: str
    times: int
    recipient: str | None


class _RecordingHandler:
    """aiosmtpd's handler: keeps each message, or answers as a test scripted."""

    def __init__(self, *, parse: bool) -> None:
        self.parse = parse
        self.lock = threading.Condition()
        self.messages: list[ReceivedMessage] = []
        self.answers: list[_ScriptedAnswer] = []
        # When each message came (time.monotonic()), for benchmarks.
        self.arrivals: list[float] = []

    def _scripted(self, at: str, recipients) -> str | None:
        with self.lock:
            for answer in self.answers:
                if answer.at != at or answer.times == 0:
                    continue
                if answer.recipient is not None and answer.recipient not in recipients:
                    continue
                answer.times -= 1
                return answer.reply
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self._scripted("RCPT", [address])
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = self._scripted("DATA", envelope.rcpt_tos)
        if reply:
            return reply
        raw = envelope.original_content or envelope.content
        received = ReceivedMessage(
            mail_from=envelope.mail_from,
            recipients=tuple(envelope.rcpt_tos),
            raw=raw,
            message=email.message_from_bytes(raw, policy=email.policy.default)
            if self.parse
            else None,
        )
        with self.lock:
            self.messages.append(received)
            self.arrivals.append(time.monotonic())
            self.lock.notify_all()
        return "250 2.0.0 Message accepted for delivery"


class LoopbackSMTPServer:
    """``parse=False`` keeps messages unparsed (``message`` is None): for benchmarks,
    where parsing would slow the server down."""

    def __init__(self, *, parse: bool = True) -> None:
        self._handler = _RecordingHandler(parse=parse)
        self.host = LOOPBACK
        self.port = free_port()
        self._controller = Controller(
            self._handler, hostname=self.host, port=self.port, data_size_limit=10_000_000
        )

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        """Its address as ``EMAIL_URL`` takes it."""
        return f"smtp://{self.host}:{self.port}"

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self._handler.lock:
            return list(self._handler.messages)

    def clear(self) -> None:
        """Forget what was received so far: a test's next step starts counting afresh."""
        with self._handler.lock:
            self._handler.messages.clear()
            self._handler.arrivals.clear()

    @property
    def arrivals(self) -> list[float]:
        with self._handler.lock:
            return list(self._handler.arrivals)

    def answer(self, reply: str, *, at: str = "DATA", times: int = 1, recipient=None) -> None:
        """Answer ``reply`` (e.g. "451 4.3.0 Busy") instead of accepting, ``times`` times,
        at the end of a message ("DATA") or when given a recipient ("RCPT")."""
        if at not in {"DATA", "RCPT"}:
            raise ValueError("answer at DATA or RCPT")
        with self._handler.lock:
            self._handler.answers.append(_ScriptedAnswer(reply, at, times, recipient))

    def wait_for(self, count: int, *, timeout: float = 60.0) -> list[ReceivedMessage]:
        """The messages, once at least ``count`` have come; AssertionError after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._handler.lock:
            while len(self._handler.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"the SMTP server received {len(self._handler.messages)} messages "
                        f"in {timeout:.0f} s, not {count}"
                    )
                self._handler.lock.wait(left)
            return list(self._handler.messages)


def free_port() -> int:
    """A loopback port nothing listens on (for a moment: the system may hand it out again)."""
    # aiosmtpd checks that its server answers on the port it was given, so it cannot be
    # given port 0: take one the system hands out and give it back at once.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def mailer_for(server: LoopbackSMTPServer) -> dict:
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {"host": server.host, "port": server.port, "timeout": 10},
    }


@pytest.fixture
def smtp_server():
    server = LoopbackSMTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_mailers(smtp_server, settings):
    """Django's mailers sending to ``smtp_server``; the fixture's value is the server."""
    settings.MAILERS = {alias: mailer_for(smtp_server) for alias in ("default", "newsletter")}
    return smtp_server
