"""PostgreSQL: pg_dump in one snapshot, and pg_restore through psql in one transaction."""

import glob
import os
import shutil
import subprocess
from pathlib import Path
from typing import IO, cast

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, transaction

from broadsheet.backup.errors import BackupError
from broadsheet.backup.personal_data import DataPlan

# Every table, sequence and view of the schema goes before the backup's are created, so
# a restore leaves the database exactly as the backup was, whatever was there before.
DROP_EVERYTHING = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(r.tablename) || ' CASCADE';
  END LOOP;
  FOR r IN SELECT sequence_name FROM information_schema.sequences
           WHERE sequence_schema = current_schema() LOOP
    EXECUTE 'DROP SEQUENCE IF EXISTS ' || quote_ident(r.sequence_name) || ' CASCADE';
  END LOOP;
END $$;
"""


def pg_tool(name: str) -> str:
    """A PostgreSQL client program: on the PATH, or the newest of Debian's versions."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if versions:
        return versions[-1]
    raise BackupError(
        f"{name} was not found: install PostgreSQL's client programs "
        "(Debian: apt-get install postgresql-client)."
    )


def pg_environment(settings_dict) -> dict:
    env = {**os.environ}
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command, *, env, **kwargs):
    result = subprocess.run(command, env=env, capture_output=True, **kwargs)  # noqa: S603
    if result.returncode:
        message = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(command[0]).name} failed: {message}")
    return result


def pg_snapshot(connection, target: Path, extra: Path, plan: DataPlan) -> str:
    """pg_dump into ``target``; rows with emptied columns, as COPY blocks, into ``extra``.

    Both are read in one snapshot (exported by this connection's transaction and handed
    to pg_dump), so they agree with each other while the site keeps writing.
    Returns the schema's name.
    """
    env = pg_environment(connection.settings_dict)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_schema()")
        snapshot, schema = cursor.fetchone()
        excluded = [*plan.tables_left_out, *plan.columns_emptied]
        command = [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={target}",
            *(f"--exclude-table-data={schema}.{table}" for table in excluded),
        ]
        _run(command, env=env)
        with extra.open("w", encoding="utf-8") as out:
            out.write(f'SET search_path = "{schema}";\n')
            for table, columns in plan.columns_emptied.items():
                _copy_emptied(cursor, out, table, set(columns))
            out.write(_sequence_resets(connection, plan.columns_emptied))
    return schema


def _copy_emptied(cursor, out, table, emptied):
    raw = cursor.cursor  # psycopg's own cursor, for COPY
    raw.execute(f'SELECT * FROM "{table}" LIMIT 0')  # noqa: S608 (names from models)
    names = [column.name for column in raw.description]
    selected = ", ".join("''" if name in emptied else f'"{name}"' for name in names)
    quoted = ", ".join(f'"{name}"' for name in names)
    out.write(f'COPY "{table}" ({quoted}) FROM stdin;\n')
    with raw.copy(f'COPY (SELECT {selected} FROM "{table}") TO STDOUT') as copy:  # noqa: S608
        for chunk in copy:
            out.write(bytes(chunk).decode("utf-8"))
    out.write("\\.\n")


def _sequence_resets(connection, tables) -> str:
    """pg_dump leaves out a sequence's position with its table's rows: set it again."""
    models = [m for m in apps.get_models() if m._meta.db_table in tables]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    return "".join(f"{statement}\n" for statement in statements)


def pg_restore(connection, dump: Path, extra: Path) -> None:
    """Replace the database's content with the backup's, in one transaction: all or nothing."""
    # Only what went wrong: the drops' notices would bury it.
    env = {
        **pg_environment(connection.settings_dict),
        "PGOPTIONS": "-c client_min_messages=warning",
    }
    connections.close_all()
    prelude = dump.with_name("drop-everything.sql")
    prelude.write_text(DROP_EVERYTHING)
    restore = subprocess.Popen(  # noqa: S603
        [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    psql = [
        pg_tool("psql"),
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        f"--file={prelude}",
        "--file=-",
        f"--file={extra}",
    ]
    # Both piped above; Popen's type cannot say so.
    restore_out, restore_err = cast(IO[bytes], restore.stdout), cast(IO[bytes], restore.stderr)
    loaded = subprocess.run(psql, env=env, stdin=restore_out, capture_output=True)  # noqa: S603
    restore_out.close()
    restore_error = restore_err.read().decode(errors="replace").strip()
    if restore.wait() or loaded.returncode:
        message = restore_error or loaded.stderr.decode(errors="replace").strip()
        raise BackupError(f"the database could not be restored, nothing changed: {message}")
