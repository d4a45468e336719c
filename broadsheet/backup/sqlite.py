"""SQLite: a consistent copy with the online backup API, and the same API to put it back."""

import sqlite3
from pathlib import Path

from broadsheet.backup.personal_data import DataPlan


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_snapshot(connection, target: Path, plan: DataPlan) -> None:
    """Copy the live database into ``target`` in one step, while the site keeps serving.

    One step (all pages at once) reads a single consistent state; writers carry on
    meanwhile in WAL mode. Left-out data is then removed from the copy, and the copy is
    vacuumed, or the removed rows would still lie in its free pages.
    """
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        existing = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        for table in plan.tables_left_out:
            if table in existing:
                copy.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608 (names from models)
        for table, columns in plan.columns_emptied.items():
            if table in existing:
                assignments = ", ".join(f"{_quote(c)} = ''" for c in columns)
                copy.execute(f"UPDATE {_quote(table)} SET {assignments}")  # noqa: S608
        copy.commit()
        copy.execute("VACUUM")
    finally:
        copy.close()


def sqlite_restore(connection, source: Path) -> None:
    """Replace the live database's whole content with ``source``, in one transaction."""
    connection.ensure_connection()
    backup = sqlite3.connect(source)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()
