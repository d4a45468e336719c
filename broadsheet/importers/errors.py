"""The one error an import format raises for input it cannot read."""

from pathlib import Path


class ImportFileError(Exception):
    """Bad input, told so its owner can fix it: which file, which item, what is wrong.

    ``item`` locates the problem inside the file ("line 3", "item 12"), or is None
    when the whole file is at fault.
    """

    def __init__(self, path: Path, item: str | None, message: str) -> None:
        super().__init__(path, item, message)
        self.path = path
        self.item = item
        self.message = message

    def __str__(self) -> str:
        return ": ".join(str(part) for part in (self.path, self.item, self.message) if part)
