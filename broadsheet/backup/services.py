"""Backing the whole site up into one file, and restoring it."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from broadsheet.backup import archive, postgres, sqlite
from broadsheet.backup.errors import BackupError
from broadsheet.backup.personal_data import data_plan
from broadsheet.pagecache.purge import all_purge_on_commit

SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
PG_EXTRA_MEMBER = "database-extra.sql"
SUPPORTED_VENDORS = {"sqlite", "postgresql"}


def _connection(using):
    connection = connections[using]
    if connection.vendor not in SUPPORTED_VENDORS:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


def _applied_migrations(connection) -> list[list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.applied_migrations)


def backup_create(*, out: Path, without_personal_data: bool = False, using="default") -> dict:
    """Write the database and the media files to ``out``; returns the manifest."""
    connection = _connection(using)
    plan = data_plan(without_personal_data=without_personal_data)
    with tempfile.TemporaryDirectory(prefix="broadsheet-backup-", dir=out.parent) as work_dir:
        work = Path(work_dir)
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": _applied_migrations(connection),
            "personal_data": not without_personal_data,
            "left_out": sorted(plan.tables_left_out),
        }
        if connection.vendor == "sqlite":
            sqlite.sqlite_snapshot(connection, work / SQLITE_MEMBER, plan)
            files = {SQLITE_MEMBER: work / SQLITE_MEMBER}
        else:
            manifest["schema"] = postgres.pg_snapshot(
                connection, work / PG_MEMBER, work / PG_EXTRA_MEMBER, plan
            )
            files = {PG_MEMBER: work / PG_MEMBER, PG_EXTRA_MEMBER: work / PG_EXTRA_MEMBER}
        return archive.write_archive(
            out, manifest=manifest, database_files=files, media_root=Path(settings.MEDIA_ROOT)
        )


def backup_check(*, source: Path, using="default"):
    """Open ``source`` and refuse it, before anything changes, if it cannot be restored here.

    Returns the open archive and its manifest.
    """
    connection = _connection(using)
    backup, manifest = archive.read_archive(source)
    vendor = manifest.get("database_vendor")
    if vendor != connection.vendor:
        backup.close()
        raise BackupError(
            f"{source}: this backup holds a {vendor} database and this site runs on "
            f"{connection.vendor}. Restore it into a site on {vendor}; to move between "
            "databases, use `manage.py export --format json` and `manage.py import`."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        backup.close()
        raise BackupError(
            f"{source}: made by a newer Broadsheet: {len(unknown)} of its migrations are "
            f"unknown here (the first: {unknown[0]}). Upgrade this site's code first."
        )
    return backup, manifest


def backup_restore(*, source: Path, using="default") -> dict:
    """Replace the database and the media files with the backup's; returns its manifest.

    Checked whole before anything changes. The database goes first, in one transaction,
    then the media folder is swapped in by renames; then the migrations this code has and
    the backup had not are applied.
    """
    connection = _connection(using)
    backup, manifest = backup_check(source=source, using=using)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with backup, tempfile.TemporaryDirectory(prefix="broadsheet-restore-") as work_dir:
        work = Path(work_dir)
        members = [SQLITE_MEMBER] if connection.vendor == "sqlite" else [PG_MEMBER, PG_EXTRA_MEMBER]
        for name in members:
            extracted = Path(backup.extract(name, work))
            archive.verify_member(backup, manifest, name, extracted, source)
        incoming = media_root.with_name(media_root.name + ".restoring")
        shutil.rmtree(incoming, ignore_errors=True)
        incoming.mkdir()
        for info in backup.infolist():
            if info.filename.startswith(archive.MEDIA_PREFIX) and not info.is_dir():
                target = incoming / info.filename.removeprefix(archive.MEDIA_PREFIX)
                target.parent.mkdir(parents=True, exist_ok=True)
                with backup.open(info) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, archive.CHUNK)

        if connection.vendor == "sqlite":
            sqlite.sqlite_restore(connection, work / SQLITE_MEMBER)
        else:
            postgres.pg_restore(connection, work / PG_MEMBER, work / PG_EXTRA_MEMBER)

    replaced = media_root.with_name(media_root.name + ".replaced")
    shutil.rmtree(replaced, ignore_errors=True)
    if media_root.exists():
        media_root.rename(replaced)
    incoming.rename(media_root)
    shutil.rmtree(replaced, ignore_errors=True)

    call_command("migrate", interactive=False, verbosity=0, database=using)
    # Counters, renditions and cached pages describe the site as it was. (The content
    # types' cache was emptied by migrate's post_migrate; other processes restart.)
    for cache in caches.all():
        cache.clear()
    # Every reader page may have changed: the kept pages (here and in a CDN) and the
    # reads remembered between purges go, once the restore is committed (it is by now,
    # outside any transaction: the purge runs at once).
    all_purge_on_commit()
    return manifest
