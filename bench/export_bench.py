"""How fast the site exports, and whether its queries grow with its posts.

    .venv/bin/python bench/export_bench.py [--posts 10000]

Makes a fresh SQLite database in a temporary folder, with the settings `make run` uses,
imports --posts generated posts through the importer's writer (an HTML body of several
blocks, tags, a category, two comments each), then writes both exports to the folder,
printing for each its time, its size and the number of queries it made.
"""

import argparse
import time
from pathlib import Path

from generated_site import fresh_site, post_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000, help="posts to export")
    posts = parser.parse_args().posts
    with fresh_site() as folder:
        print(f"Importing {posts} posts…", flush=True)
        _posts_import(posts)
        for format_name, name in (("json", "site-export.zip"), ("wxr", "site.xml")):
            _timed_export(format_name, folder / name, posts)


def _posts_import(count: int) -> None:
    from broadsheet.importers.writer import ArchiveWriter

    writer = ArchiveWriter()
    for record in post_records(count, prefix="export"):
        writer.post_store(record)


def _timed_export(format_name: str, path: Path, posts: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        call_command("export", str(path), "--format", format_name, verbosity=0)
    seconds = time.perf_counter() - started
    print(
        f"{format_name}: {posts} posts in {seconds:.1f} s ({posts / seconds:.0f} posts/s), "
        f"{path.stat().st_size / 1024**2:.1f} MB, {len(queries)} queries",
        flush=True,
    )


if __name__ == "__main__":
    main()
