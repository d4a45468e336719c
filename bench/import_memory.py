"""Memory and speed of `manage.py import` on a big WordPress export, against a small one.

    .venv/bin/python bench/import_memory.py [--megabytes 50] [--post-kilobytes 25]

Makes a fresh SQLite site in a temporary folder (the settings `make run` uses), writes
three WordPress exports (WXR) and imports each with `manage.py import` in a process of
its own, printing that process's peak memory (resident set) and, where posts come in,
posts a second:

- a baseline: a 1 MB export of posts of --post-kilobytes each;
- a --megabytes export of the same posts (the speed and memory of a big blog);
- a --megabytes export holding one post of that size (refused as too large, by name).

The import reads a WXR as a stream (an item at a time) and refuses a post past
IMPORT_MAX_POST_CHARACTERS before formatting it, so the big runs should stay within a
few tens of megabytes of the baseline.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "<p>Delegations met on Monday for the first time since the talks broke down; "
    "<b>officials</b> said a <a href='https://example.com/'>second round</a> is planned.</p>\n"
)
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Desk</title><link>https://desk.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>ed</wp:author_login>
<wp:author_display_name>Desk Editor</wp:author_display_name></wp:author>
"""
TAIL = "</channel></rss>\n"


def item(number: int, body: str) -> str:
    date = dt.datetime(2015, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(hours=7 * number)
    return f"""<item><title>Story {number}</title>
<link>https://desk.example/{date:%Y/%m/%d}/story-{number}/</link><dc:creator>ed</dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_date>{date:%Y-%m-%d %H:%M:%S}</wp:post_date>
<wp:post_date_gmt>{date:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>
<wp:post_name>story-{number}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="world"><![CDATA[World]]></category>
<wp:comment><wp:comment_id>{number}</wp:comment_id><wp:comment_author>Reader</wp:comment_author>
<wp:comment_date_gmt>{date:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>
<wp:comment_content>A comment on story {number}.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
"""


def body_of(size: int) -> str:
    return PARAGRAPH * max(1, size // len(PARAGRAPH))


def export_of_posts(path: Path, *, total_bytes: int, post_bytes: int) -> int:
    """An export of ``total_bytes`` made of posts of ``post_bytes``; returns their number."""
    count = max(1, total_bytes // post_bytes)
    body = body_of(post_bytes)
    with path.open("w", encoding="utf-8") as file:
        file.write(HEAD)
        for number in range(1, count + 1):
            file.write(item(number, body))
        file.write(TAIL)
    return count


def export_of_one_post(path: Path, *, post_bytes: int) -> None:
    with path.open("w", encoding="utf-8") as file:
        file.write(HEAD + item(1, body_of(post_bytes)) + TAIL)


def child(path: str) -> None:
    """In the measured process: import ``path``, then print the peak memory and time."""
    import resource

    import django

    django.setup()
    from django.core.management import CommandError, call_command

    started = time.perf_counter()
    try:
        call_command("import", path, stdout=open(os.devnull, "w"))  # noqa: SIM115
    except CommandError as error:
        print(f"(the command said: {error})", file=sys.stderr)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{peak_kib} {seconds}")


def measured(path: Path, env: dict) -> tuple[float, float]:
    """Peak memory (MB) and seconds of importing ``path`` in a process of its own."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    if output.stderr:
        print("   ", output.stderr.strip().splitlines()[-1])
    peak_kib, seconds = output.stdout.split()
    return int(peak_kib) / 1024, float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=50, help="size of the big exports")
    parser.add_argument("--post-kilobytes", type=int, default=25, help="size of a post")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child)
        return
    post_bytes = arguments.post_kilobytes * 1024
    big = arguments.megabytes * 1024**2
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as folder:
        root = Path(folder)
        env = {
            **os.environ,
            "BROADSHEET_VAR_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "broadsheet.settings.dev",
            "PYTHONPATH": str(ROOT),
        }
        print("Migrating a fresh database…", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True
        )
        runs = []
        small = root / "small.xml"
        count = export_of_posts(small, total_bytes=1024**2, post_bytes=post_bytes)
        runs.append(("baseline, 1 MB export", small, count))
        many = root / "many.xml"
        count = export_of_posts(many, total_bytes=big, post_bytes=post_bytes)
        runs.append((f"{arguments.megabytes} MB export of {count:,} posts", many, count))
        one = root / "one.xml"
        export_of_one_post(one, post_bytes=big)
        runs.append((f"{arguments.megabytes} MB export of one post", one, 0))
        baseline = None
        for label, path, posts in runs:
            megabytes, seconds = measured(path, env)
            baseline = baseline or megabytes
            rate = f", {posts / seconds:,.0f} posts/s" if posts else ""
            print(
                f"{label} ({path.stat().st_size / 1024**2:.1f} MB on disk): peak memory "
                f"{megabytes:.0f} MB ({megabytes / baseline:.2f} × the baseline), "
                f"{seconds:.1f} s{rate}",
                flush=True,
            )


if __name__ == "__main__":
    main()
