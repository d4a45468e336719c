"""How long `manage.py backup` and `manage.py restore` take, for the demo site and a big one.

    .venv/bin/python bench/backup_bench.py [--posts 10000]
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/backup_bench.py   # an empty database

Makes a fresh SQLite site in a temporary folder with the settings `make run` uses, loads
the demo content, backs it up and restores it (into the same site: restore replaces
everything), then adds --posts generated posts with bench/site_builder.py (six
paragraphs, two tags, a category, two comments each, indexed for search; written in
bulk, so without the revisions an editor's history would add) and does the same again.
For each it prints the times, the file's size, and the ratio to copying the database file
with `cp` (the baseline, measured in the same run).
"""

import argparse
import shutil
import subprocess
import time
from pathlib import Path

from generated_site import fresh_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000, help="posts for the big site")
    posts = parser.parse_args().posts
    with fresh_site() as folder:
        from django.core.management import call_command

        call_command("demo", verbosity=0)
        _timed_round_trip("demo site", folder)
        print(f"Writing {posts} posts…", flush=True)
        import site_builder

        site_builder.build(posts=posts, comments_per_post=2, progress=lambda line: None)
        _timed_round_trip(f"demo + {posts} posts", folder)


def _baseline(folder: Path) -> tuple[str, float, float]:
    """The plainest copy of the database, timed: ``cp`` of SQLite's file, or a bare
    ``pg_dump``. Returns what it was, its seconds and the database's size in MB."""
    from django.db import connection

    if connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"])
        started = time.perf_counter()
        shutil.copyfile(database, folder / "baseline-copy.sqlite3")
        return (
            "cp of the database",
            time.perf_counter() - started,
            database.stat().st_size / 1024**2,
        )
    from broadsheet.backup.postgres import pg_environment, pg_tool

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0] / 1024**2
    started = time.perf_counter()
    subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", f"--file={folder / 'baseline.pgdump'}"],
        env=pg_environment(connection.settings_dict),
        check=True,
    )
    return "bare pg_dump", time.perf_counter() - started, size


def _timed_round_trip(label: str, folder: Path) -> None:
    from django.core.management import call_command

    baseline_name, baseline, size = _baseline(folder)

    out = folder / "site-backup.zip"
    started = time.perf_counter()
    call_command("backup", str(out), verbosity=0)
    backup_seconds = time.perf_counter() - started

    started = time.perf_counter()
    call_command("restore", str(out), interactive=False, verbosity=0)
    restore_seconds = time.perf_counter() - started

    print(
        f"{label}: database {size:.1f} MB, backup file "
        f"{out.stat().st_size / 1024**2:.1f} MB; backup {backup_seconds:.2f} s, restore "
        f"{restore_seconds:.2f} s; {baseline_name} {baseline:.3f} s "
        f"(backup ×{backup_seconds / baseline:.0f}, restore ×{restore_seconds / baseline:.0f})",
        flush=True,
    )


if __name__ == "__main__":
    main()
