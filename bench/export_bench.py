"""How fast the site exports, and whether its queries grow with its posts.

    .venv/bin/python bench/export_bench.py [--posts 10000]

Makes a fresh SQLite database in a temporary folder, with the settings `make run` uses,
imports --posts generated posts through the importer's writer (an HTML body of several
blocks, tags, a category, two comments each), then writes both exports to the folder,
printing for each its time, its size and the number of queries it made.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_BODY = (
    "<p>Delegations met on Monday, story {number}. <b>Officials</b> said a "
    "<a href='https://example.com/'>second round</a> is planned.</p><h2>What was agreed</h2>"
    "<p>" + "More words follow in the body of the report. " * 40 + "</p>"
    "<blockquote><p>We are hopeful.</p></blockquote>"
    "<table><tr><th>Side</th><th>Seats</th></tr><tr><td>North</td><td>12</td></tr></table>"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000, help="posts to export")
    posts = parser.parse_args().posts
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as folder:
        os.environ["BROADSHEET_VAR_DIR"] = folder
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings.dev"
        import django

        django.setup()
        from django.core.management import call_command

        print("Migrating a fresh database…", flush=True)
        call_command("migrate", verbosity=0)
        print(f"Importing {posts} posts…", flush=True)
        _posts_import(posts)
        for format_name, name in (("json", "site-export.zip"), ("wxr", "site.xml")):
            _timed_export(format_name, Path(folder) / name, posts)


def _posts_import(count: int) -> None:
    from django.utils import timezone

    from broadsheet.importers.records import AuthorRecord, CommentRecord, PostRecord
    from broadsheet.importers.writer import ArchiveWriter

    writer = ArchiveWriter()
    start = timezone.make_aware(dt.datetime(2015, 1, 1, 9, 0))
    for number in range(count):
        date = start + dt.timedelta(hours=7 * number)
        comments = tuple(
            CommentRecord(
                source_id=f"{number}-{index}",
                author_name=f"Reader {index}",
                body=f"Comment {index} on story {number}.",
                date=date + dt.timedelta(hours=index),
                parent_source_id=f"{number}-1" if index == 2 else "",
            )
            for index in (1, 2)
        )
        writer.post_store(
            PostRecord(
                source_id=f"bench:{number}",
                title=f"Story number {number}",
                slug=f"story-{number}",
                author=AuthorRecord(name=f"Reporter {number % 7}"),
                date=date,
                body_html=_BODY.format(number=number),
                tags=(f"topic {number % 50}", f"place {number % 23}"),
                category=f"Section {number % 9}",
                comments=comments,
            )
        )


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
