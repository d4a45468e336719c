"""Mail backends of Broadsheet's own."""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

# The headers a developer reads; the rest (MIME, encodings) are noise on a terminal.
_SHOWN_HEADERS = ("From", "To", "Subject", "Date", "List-Unsubscribe", "List-Unsubscribe-Post")


class ConsoleBackend(DjangoConsoleBackend):
    """Each message printed as a person reads it: its main headers and its plain text,
    decoded. Django's own prints the raw message, where quoted-printable cuts every long
    link (a confirmation link, say) across lines with ``=`` marks."""

    def write_message(self, message):
        parsed = message.message()
        for name in _SHOWN_HEADERS:
            if parsed[name] is not None:
                self.stream.write(f"{name}: {parsed[name]}\n")
        text = parsed.get_body(preferencelist=("plain",))
        if text is not None:
            self.stream.write("\n" + text.get_content().rstrip("\n") + "\n")
        alternatives = [part.get_content_type() for part in parsed.iter_parts()][1:]
        if alternatives:
            self.stream.write(f"\n(also as {', '.join(alternatives)})\n")
        self.stream.write("-" * 79 + "\n")
