"""The shared corpus of real export files (shared/corpora/, beside the repository)."""

from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[4] / "shared" / "corpora"


def corpus(relative: str) -> Path:
    """The corpus file or folder at ``relative``; the test is skipped, saying why, without it."""
    path = CORPORA / relative
    if not path.exists():
        pytest.skip(f"the shared corpus is not here: {path} is missing (see DESIGN.md)")
    return path
