"""An export file that appears only when it is complete."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PARTIAL_SUFFIX = ".partial"


@contextmanager
def complete_file(path: Path) -> Iterator[IO[bytes]]:
    """A file to write ``path`` through, named ``path`` only once the block ends without error.

    It is written as ``<path>.partial``, flushed to disk, then renamed over ``path`` in one
    step, so an interrupted export never leaves a half file under the name of a whole
    one; on error the partial file is removed and an earlier ``path`` is left as it was.
    """
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        with partial.open("wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
