"""A management command's output as rich (progress bars, tables) writes to it."""


class PartialLines:
    """A command's output stream as rich writes to it: in pieces, not whole lines.

    Django's OutputWrapper ends every write with a newline unless told otherwise, which
    would break the progress bar's redrawing of its line.
    """

    def __init__(self, wrapper) -> None:
        self._wrapper = wrapper

    def write(self, text: str) -> int:
        self._wrapper.write(text, ending="")
        return len(text)

    def flush(self) -> None:
        self._wrapper.flush()

    def isatty(self) -> bool:
        return self._wrapper.isatty()
