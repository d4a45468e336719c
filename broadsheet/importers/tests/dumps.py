"""Writes posts in the text layout of the reference page, as a saved copy of it reads."""

from collections.abc import Sequence
from pathlib import Path

FURNITURE = (
    "Recent Posts",
    "See AllFloodwater reached the old town before dawn and the river kept rising through "
    "the morning, while the mayor asked resid",
    "Grain ships leave Odesa under a new agreement",
    "Comments",
)


def dump_text(
    *,
    title: str,
    author: str = "Desk Editor",
    date: str = "Mar 3, 2024",
    reading_time: str = "2 min read",
    paragraphs: Sequence[str],
    furniture: Sequence[str] = FURNITURE,
) -> str:
    lines = [title, f"- {author}", f"- {date}", f"- {reading_time}", *paragraphs, *furniture]
    return "\n".join(lines) + "\n"


def write_dump(directory: Path, name: str, **layout) -> Path:
    path = directory / name
    path.write_text(dump_text(**layout), encoding="utf-8")
    return path
