"""How long `manage.py backup` and `manage.py restore` take, for the demo site and a big one.

    .venv/bin/python bench/backup_bench.py [--posts 10000]

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


def _timed_round_trip(label: str, folder: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    database = Path(connection.settings_dict["NAME"])
    started = time.perf_counter()
    shutil.copyfile(database, folder / "baseline-copy.sqlite3")
    baseline = time.perf_counter() - started

    out = folder / "site-backup.zip"
    started = time.perf_counter()
    call_command("backup", str(out), verbosity=0)
    backup_seconds = time.perf_counter() - started

    started = time.perf_counter()
    call_command("restore", str(out), interactive=False, verbosity=0)
    restore_seconds = time.perf_counter() - started

    print(
        f"{label}: database {database.stat().st_size / 1024**2:.1f} MB, backup file "
        f"{out.stat().st_size / 1024**2:.1f} MB; backup {backup_seconds:.2f} s, restore "
        f"{restore_seconds:.2f} s; cp of the database {baseline:.3f} s "
        f"(backup ×{backup_seconds / baseline:.0f}, restore ×{restore_seconds / baseline:.0f})",
        flush=True,
    )


if __name__ == "__main__":
    main()
