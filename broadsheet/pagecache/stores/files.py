"""Pages kept as files, shared by every process on the machine and servable by nginx.

Layout under ``root``::

    pages/<scheme>/<host><path>/index.<ext>        the page (``page-<N>.<ext>`` for ?page=N)
    pages/<scheme>/<host><path>/index.<ext>.gz     gzip, for nginx's gzip_static and us
    pages/<scheme>/<host><path>/index.<ext>.br     brotli
    pages/<scheme>/<host><path>/index.meta         headers and expiry, as JSON
    index.sqlite3                                  which page carries which tag; the generation

The page file is written last and deleted first, so whoever sees it sees a whole entry.
The index is a SQLite database of its own (WAL): its write lock orders a ``put``
against a purge, as the generation rule needs (see ``stores/__init__.py``).
"""

import json
import os
import shutil
import sqlite3
import tempfile
import threading
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

from broadsheet.pagecache.entries import Entry
from broadsheet.pagecache.keys import PageKey
from broadsheet.pagecache.stores.memory import MemoryLayer

SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (url TEXT PRIMARY KEY, base TEXT NOT NULL, ext TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entry_tag (
    tag TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (tag, url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entry_tag_url ON entry_tag (url);
CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counter VALUES ('generation', 0);
INSERT OR IGNORE INTO counter VALUES ('whole', 0);
"""
# SQLite's limit on bound parameters is far above this; it keeps statements small.
CHUNK = 500


class FileStore:
    def __init__(self, root, *, memory_bytes: int = 0):
        self.root = Path(root)
        self.pages = self.root / "pages"
        self.pages.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self.memory = MemoryLayer(memory_bytes) if memory_bytes else None
        # executescript commits as it goes: idempotent statements, no transaction around them.
        self._db().executescript(SCHEMA)

    # ---- Reading: the front app's path, on every request ---------------------------

    def base_path(self, key: PageKey) -> Path:
        name = "index" if key.page is None else f"page-{key.page}"
        return self.pages / key.scheme / key.host / key.path.strip("/") / name

    def get(self, key: PageKey) -> Entry | None:
        base = self.base_path(key)
        url = key.url
        memory = self.memory
        cached = memory.get(url) if memory is not None else None
        if memory is not None and cached is not None:
            entry, signature = cached
            try:
                if _signature(f"{base}.{entry.extension}") == signature and entry.is_fresh():
                    return entry
            except OSError:
                pass
            memory.drop(url)
        entry, signature = self._read(base)
        if entry is not None and self.memory is not None:
            self.memory.put(url, entry, signature)
        return entry

    def _read(self, base: Path) -> tuple[Entry | None, object]:
        try:
            meta = json.loads(Path(f"{base}.meta").read_bytes())
            body_path = f"{base}.{meta['extension']}"
            signature = _signature(body_path)
            body = Path(body_path).read_bytes()
        except (OSError, ValueError, KeyError):
            return None, None
        entry = Entry(
            headers=[tuple(header) for header in meta["headers"]],
            body=body,
            extension=meta["extension"],
            expires=meta["expires"],
            gzip=_read_if_there(f"{body_path}.gz"),
            br=_read_if_there(f"{body_path}.br"),
        )
        return (entry, signature) if entry.is_fresh() else (None, None)

    # ---- Writing ----------------------------------------------------------------------

    def generation(self) -> int:
        return self._db().execute("SELECT value FROM counter WHERE name='generation'").fetchone()[0]

    def generations(self) -> tuple[int, int]:
        """The generation, and the whole generation (raised only when every page goes)."""
        values = dict(self._db().execute("SELECT name, value FROM counter").fetchall())
        return values["generation"], values["whole"]

    def put(self, key: PageKey, entry: Entry, tags, *, generation: int) -> bool:
        base = self.base_path(key)
        with self._transaction() as db:
            if self._current_generation(db) != generation:
                return False
            base.parent.mkdir(parents=True, exist_ok=True)
            body_path = f"{base}.{entry.extension}"
            for suffix, data in ((".gz", entry.gzip), (".br", entry.br)):
                if data is None:
                    _remove(body_path + suffix)
                else:
                    _write_atomically(body_path + suffix, data)
            meta: dict[str, object] = {"headers": entry.headers, "extension": entry.extension}
            meta["expires"] = entry.expires
            _write_atomically(f"{base}.meta", json.dumps(meta).encode())
            _write_atomically(body_path, entry.body)
            url = key.url
            db.execute(
                "INSERT OR REPLACE INTO entry VALUES (?, ?, ?)",
                (url, str(base.relative_to(self.root)), entry.extension),
            )
            db.execute("DELETE FROM entry_tag WHERE url = ?", (url,))
            db.executemany("INSERT INTO entry_tag VALUES (?, ?)", [(t, url) for t in set(tags)])
        return True

    def purge_tags(self, tags) -> list[str]:
        """Throw away every page carrying any of ``tags``; returns their addresses."""
        tags = sorted(set(tags))
        with self._transaction() as db:
            self._raise_generation(db)
            found: set[str] = set()
            for start in range(0, len(tags), CHUNK):
                chunk = tags[start : start + CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT url FROM entry_tag WHERE tag IN ({marks})", chunk)  # noqa: S608
                found.update(url for (url,) in rows)
            urls = sorted(found)
            for start in range(0, len(urls), CHUNK):
                chunk = urls[start : start + CHUNK]
                marks = ",".join("?" * len(chunk))
                entries = db.execute(
                    f"SELECT base, ext FROM entry WHERE url IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall()
                for base, ext in entries:
                    self._delete_files(self.root / base, ext)
                db.execute(f"DELETE FROM entry WHERE url IN ({marks})", chunk)  # noqa: S608
                db.execute(f"DELETE FROM entry_tag WHERE url IN ({marks})", chunk)  # noqa: S608
        if self.memory is not None:
            for url in urls:
                self.memory.drop(url)
        return urls

    def purge_all(self) -> None:
        with self._transaction() as db:
            self._raise_generation(db)
            db.execute("UPDATE counter SET value = value + 1 WHERE name='whole'")
            old = self.root / f"pages.purged-{uuid.uuid4().hex}"
            self.pages.rename(old)
            self.pages.mkdir()
            db.execute("DELETE FROM entry")
            db.execute("DELETE FROM entry_tag")
        if self.memory is not None:
            self.memory.clear()
        shutil.rmtree(old, ignore_errors=True)

    def urls(self) -> list[str]:
        """Every address kept, for the command that lists them."""
        return [url for (url,) in self._db().execute("SELECT url FROM entry ORDER BY url")]

    def tags_of(self, key: PageKey) -> set[str]:
        rows = self._db().execute("SELECT tag FROM entry_tag WHERE url = ?", (key.url,))
        return {tag for (tag,) in rows}

    # ---- Helpers ----------------------------------------------------------------------

    @staticmethod
    def _delete_files(base: Path, ext: str) -> None:
        # The page first: from then on nobody finds the entry, whatever remains.
        for suffix in (f".{ext}", f".{ext}.gz", f".{ext}.br", ".meta"):
            _remove(f"{base}{suffix}")

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.root / "index.sqlite3", timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            # A cache: after a power cut the last few index rows may be lost, and the
            # pages they named then expire by age instead (PAGECACHE["MAX_AGE"]).
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    @contextmanager
    def _transaction(self):
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @staticmethod
    def _current_generation(db) -> int:
        return db.execute("SELECT value FROM counter WHERE name='generation'").fetchone()[0]

    @staticmethod
    def _raise_generation(db) -> None:
        db.execute("UPDATE counter SET value = value + 1 WHERE name='generation'")


def _signature(path: str) -> tuple[int, int, int]:
    status = os.stat(path)
    return status.st_ino, status.st_mtime_ns, status.st_size


def _read_if_there(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)


def _write_atomically(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        # Readable by a web server running as another user (nginx's www-data).
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
