"""Export archives, opened safely: a zip is unpacked into a temporary folder first.

An export zip comes from elsewhere and is treated as hostile. Every entry must land
inside the folder it is unpacked into: no ``..``, no absolute paths or drive letters,
no symbolic links. And the archive may not unpack into more than an export plausibly
holds: a cap on entries, on total size, and on the compression ratio of every entry and
of the whole, which is what gives a zip bomb away (one entry compressed a thousandfold,
or a thousand entries each just too small to be looked at alone). Every entry is
checked before the first is written, so an unsafe archive writes nothing.
"""

import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.conf import settings

from broadsheet.importers.errors import ImportFileError

MAX_ENTRIES = 50_000
# Set IMPORT_MAX_UNPACKED_BYTES for a site whose pictures weigh more.
MAX_TOTAL_BYTES = getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 2 * 1024**3)
# Prose and markup deflate about tenfold; past a hundredfold an entry is a bomb. A
# small file may compress further without doing harm (a page of spaces), so each entry
# may unpack to this much beyond the ratio: enough for that, far too little for a bomb
# of many entries.
MAX_RATIO = 100
RATIO_SLACK_BYTES = 64 * 1024
_COPY_CHUNK_BYTES = 1024**2
_DRIVE_LETTER = re.compile(r"[A-Za-z]:")
_ENCRYPTED_FLAG = 0x1


@contextmanager
def export_folder(path: Path) -> Iterator[Path]:
    """The folder an export is in: ``path`` itself, or the zip at ``path`` unpacked.

    An unpacked zip lives in a temporary folder that is deleted when the block ends,
    so paths into it are good only inside the block.
    """
    if path.is_dir():
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="broadsheet-import-") as folder:
        target = Path(folder)
        unpack_zip(path, target)
        yield target


def zip_entry_names(path: Path) -> list[str]:
    """The names in the zip at ``path``, read from its directory; [] when it is not a zip."""
    try:
        with zipfile.ZipFile(path) as zip_file:
            return zip_file.namelist()
    except (zipfile.BadZipFile, OSError):
        return []


def zip_entry_start(path: Path, name: str, size: int) -> bytes:
    """The first ``size`` bytes of entry ``name``: enough to recognise it, never a bomb's worth."""
    try:
        with zipfile.ZipFile(path) as zip_file, zip_file.open(name) as entry:
            return entry.read(size)
    except (zipfile.BadZipFile, KeyError, NotImplementedError, RuntimeError, OSError):
        return b""


def unpack_zip(archive: Path, target: Path) -> None:
    """Unpack ``archive`` into the folder ``target``; an unsafe one is refused unwritten.

    Damage found only while unpacking (a bad checksum) stops it at that entry.
    """
    try:
        with zipfile.ZipFile(archive) as zip_file:
            entries = zip_file.infolist()
            _check_entries(archive, entries)
            root = target.resolve()
            for entry in entries:
                _extract(archive, zip_file, entry, root)
    except zipfile.BadZipFile as error:
        raise ImportFileError(archive, None, f"not a readable zip archive ({error})") from error


def _check_entries(archive: Path, entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise ImportFileError(
            archive,
            _item(entries[MAX_ENTRIES]),
            f"the archive holds {len(entries):,} entries; at most {MAX_ENTRIES:,} are accepted",
        )
    total = compressed = 0
    for entry in entries:
        problem = _entry_problem(entry)
        if problem:
            raise ImportFileError(archive, _item(entry), problem)
        # zipfile never reads past an entry's declared size (and fails its CRC check
        # when the data goes on), so the declared sizes bound what is written.
        total += entry.file_size
        compressed += entry.compress_size
        if total > MAX_TOTAL_BYTES:
            raise ImportFileError(
                archive,
                _item(entry),
                f"the archive unpacks to more than {MAX_TOTAL_BYTES:,} bytes, "
                "more than an export is accepted to hold",
            )
    if total > MAX_RATIO * compressed + RATIO_SLACK_BYTES:
        raise ImportFileError(
            archive,
            None,
            f"its {len(entries):,} entries unpack to {total:,} bytes from {compressed:,}, "
            "far more than real files compress: a zip bomb, refused",
        )


def _entry_problem(entry: zipfile.ZipInfo) -> str:
    """What makes ``entry`` unsafe to unpack, or "" when nothing does."""
    name = entry.filename
    # Backslashes separate folders in zips made on Windows, and on Windows unpackers.
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or _DRIVE_LETTER.match(name):
        return "an absolute path; entries must be relative to the archive"
    if ".." in parts:
        return "a path with '..', which would leave the folder the archive unpacks into"
    if stat.S_ISLNK(entry.external_attr >> 16):
        return "a symbolic link; links could point outside the archive and are refused"
    if entry.flag_bits & _ENCRYPTED_FLAG:
        return "encrypted; export the archive again without a password"
    compressed = max(entry.compress_size, 1)
    if entry.file_size > MAX_RATIO * compressed + RATIO_SLACK_BYTES:
        return (
            f"compressed {entry.file_size // compressed:,} to 1, far more than real files "
            "compress: a zip bomb, refused"
        )
    return ""


def _extract(archive: Path, zip_file: zipfile.ZipFile, entry: zipfile.ZipInfo, root: Path) -> None:
    relative = PurePosixPath(*(part for part in entry.filename.split("/") if part not in ("", ".")))
    destination = (root / relative).resolve()
    # The name checks above give a clear message; this holds whatever they let through.
    if not destination.is_relative_to(root):
        raise ImportFileError(archive, _item(entry), "a path outside the archive's folder")
    try:
        if entry.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            return
        destination.parent.mkdir(parents=True, exist_ok=True)
        with zip_file.open(entry) as source, destination.open("wb") as copy:
            shutil.copyfileobj(source, copy, _COPY_CHUNK_BYTES)
    except zipfile.BadZipFile as error:
        raise ImportFileError(archive, _item(entry), f"damaged ({error})") from error
    except NotImplementedError as error:
        raise ImportFileError(archive, _item(entry), f"cannot be read ({error})") from error
    except OSError as error:
        raise ImportFileError(archive, _item(entry), f"cannot be unpacked ({error})") from error


def _item(entry: zipfile.ZipInfo) -> str:
    return f"entry {entry.filename!r}"
