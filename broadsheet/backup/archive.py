"""The backup file: a zip holding a manifest, the database and the media files.

    manifest.json       what made it: format, database vendor, migrations, checksums
    database.sqlite3    SQLite: a copy made with the online backup API
    database.pgdump     PostgreSQL: pg_dump's custom format...
    database-extra.sql  ...and rows whose personal columns were emptied, as COPY blocks
    media/...           every file under MEDIA_ROOT

Each database member has its SHA-256 in the manifest, and zip keeps a CRC-32 of every
member: a restore reads all of them before it changes anything.
"""

import hashlib
import json
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from broadsheet.backup.errors import BackupError

FORMAT = "broadsheet-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path):
    """Every file under ``root``, with its name in the archive; none if it does not exist."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, MEDIA_PREFIX + path.relative_to(root).as_posix()


def write_archive(out: Path, *, manifest: dict, database_files: dict[str, Path], media_root: Path):
    """Write the whole archive to ``OUT.partial``, then rename it: never a file that looks
    whole but is not."""
    partial = out.with_name(out.name + ".partial")
    manifest = {
        **manifest,
        "format": FORMAT,
        "version": VERSION,
        "checksums": {name: sha256_of(path) for name, path in database_files.items()},
    }
    media_count = 0
    with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
        for name, path in database_files.items():
            archive.write(path, name, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        # Pictures are compressed already: stored as they are.
        for path, name in media_files(media_root):
            archive.write(path, name, compress_type=zipfile.ZIP_STORED)
            media_count += 1
        manifest["media_files"] = media_count
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
    partial.replace(out)
    return manifest


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_archive(path: Path) -> tuple[zipfile.ZipFile, dict]:
    """Open a backup and check all of it; a BackupError says what is wrong with which file."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"{path}: not a Broadsheet backup, or damaged ({error}).") from error
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        archive.close()
        raise BackupError(f"{path}: not a Broadsheet backup (no readable {MANIFEST}).") from error
    if manifest.get("format") != FORMAT:
        archive.close()
        raise BackupError(f"{path}: not a Broadsheet backup ({MANIFEST} says otherwise).")
    if manifest.get("version") != VERSION:
        archive.close()
        raise BackupError(
            f"{path}: backup format version {manifest.get('version')}; this Broadsheet "
            f"reads version {VERSION}."
        )
    unsafe = [name for name in archive.namelist() if not _safe_member(name)]
    if unsafe:
        archive.close()
        raise BackupError(f"{path}: refused, it holds a path outside the site: {unsafe[0]!r}.")
    try:
        damaged = archive.testzip()
    # zlib.error: a compressed member's bytes were damaged so badly they do not inflate.
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        archive.close()
        raise BackupError(f"{path}: damaged ({error}).") from error
    if damaged is not None:
        archive.close()
        raise BackupError(f"{path}: damaged, {damaged} does not match its checksum.")
    return archive, manifest


def verify_member(archive: zipfile.ZipFile, manifest: dict, name: str, extracted: Path, source):
    expected = manifest.get("checksums", {}).get(name)
    if expected is None or sha256_of(extracted) != expected:
        raise BackupError(f"{source}: damaged, {name} does not match the manifest's SHA-256.")
