"""Picture files that came with an export, found by the address a post shows them at.

A WordPress site's ``wp-content/uploads`` folder (given with ``--media DIR``), a Ghost
export's ``content/images``, or any export folder: a post shows
``https://old.example/wp-content/uploads/2021/03/photo-300x200.jpg``, and the file is
``2021/03/photo-300x200.jpg`` in the folder, or at least ``photo.jpg``, the original
that WordPress made the smaller size from. Found here, a picture is imported without
being fetched, and without asking.
"""

import os
import re
from collections import defaultdict
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
# WordPress's smaller copies of an upload ("photo-300x200.jpg", "photo-scaled.jpg").
_SIZE_SUFFIX = re.compile(r"(?:-\d+x\d+|-scaled)(?=\.\w+$)")


class MediaFiles:
    """The picture files of some folders, looked up by address."""

    def __init__(self) -> None:
        self._folders: list[Path] = []
        # Each file by its path within its folder, and by its name alone.
        self._by_path: dict[str, Path] = {}
        self._by_name: dict[str, list[Path]] = defaultdict(list)

    def add(self, folder: Path) -> None:
        folder = folder.resolve()
        if folder in self._folders:
            return
        self._folders.append(folder)
        for directory, _subdirectories, names in os.walk(folder):
            for name in names:
                path = Path(directory, name)
                if path.suffix.lower() not in _IMAGE_SUFFIXES or path.is_symlink():
                    continue
                relative = path.relative_to(folder).as_posix()
                self._by_path.setdefault(relative, path)
                self._by_name[name].append(path)

    def remove(self, folder: Path) -> None:
        """Forget the files of ``folder`` (an export's, deleted once it is read)."""
        folder = folder.resolve()
        if folder not in self._folders:
            return
        self._folders.remove(folder)
        self._by_path = {k: v for k, v in self._by_path.items() if not v.is_relative_to(folder)}
        for name, paths in list(self._by_name.items()):
            kept = [path for path in paths if not path.is_relative_to(folder)]
            if kept:
                self._by_name[name] = kept
            else:
                del self._by_name[name]

    def find(self, url: str) -> Path | None:
        """The file the picture at ``url`` is, or None when no folder has it."""
        if not self._folders:
            return None
        try:
            path = unquote(urlsplit(url.strip()).path)
        except ValueError:
            return None
        # An image CDN may carry the original's address in its own (Substack's does).
        path = path.rsplit("://", 1)[-1]
        return self._found(path) or self._found(_SIZE_SUFFIX.sub("", path))

    def _found(self, path: str) -> Path | None:
        parts = PurePosixPath(path).parts
        # The longest end of the address that is a path in a folder: uploads/2021/03/x.jpg
        # is found as 2021/03/x.jpg in an uploads folder given on its own.
        for start in range(len(parts)):
            found = self._by_path.get("/".join(parts[start:]).lstrip("/"))
            if found is not None:
                return found
        named = self._by_name.get(parts[-1] if parts else "", [])
        # A name alone identifies a file only when one file has it.
        return named[0] if len(named) == 1 else None
