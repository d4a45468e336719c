"""How long a search takes on a big archive, against the first page of /blog/ in the same run.

    .venv/bin/python bench/search_bench.py [--posts 100000] [--repeats 15]
        [--database-url postgres://…]

Without --database-url, the site is SQLite, built once by serve_bench.py's site builder
and kept in bench/.sites/. With a PostgreSQL URL, the posts are built there if the
database has none yet (an empty database; it takes a while for 100,000 posts).

Each search is the whole /search/ page, rendered in-process as on a running site (the page
cache on: searches are never kept, but the reads they share are remembered), --repeats
times after one warm-up, in rounds of every search in turn, each right after a request
to /blog/ (a shared machine's changing load falls on all alike); it prints a Markdown
table of p50 and p95 milliseconds per search and over every search, and the ratio of p50
to the /blog/ page's, timed beside them.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

# The built posts draw on a vocabulary of 30 words, so most searches below match a good
# share of the archive: the worst case. The first two match one post, as most words a
# reader types would in a real archive.
SEARCHES = {
    "a rare word": {"q": "99999"},
    "a rare phrase": {"q": '"report 4242"'},
    "one common word": {"q": "ceasefire"},
    "two words": {"q": "grain corridor"},
    "a phrase": {"q": '"grain corridor"'},
    "a word left out": {"q": "summit -election"},
    "a title": {"q": "story 99"},
    "a word in a section": {"q": "treaty", "category": "section-3"},
    "a word by an author": {"q": "budget", "author": "reporter-7"},
    "a word in a year": {"q": "sanctions", "from": "2015-01-01", "to": "2015-12-31"},
    "twelve words": {"q": " ".join(["talks", "resume", "border", "election"] * 3)},
}


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def _timed_in_turns(client, searches, repeats):
    """The times (ms) of each search and of /blog/: after one warm-up each, ``repeats``
    rounds of every search in turn, each right after a request to /blog/, so that a
    change in the machine's load falls on all of them alike. A search stopped by its
    time limit (search/limits.py) gets None."""
    times: dict[str, list[float] | None] = {}
    for name, params in searches.items():
        response = client.get("/search/", params)
        if response.status_code == 503:
            times[name] = None
            continue
        assert response.status_code == 200, (params, response.status_code)
        times[name] = []
    blog: list[float] = []
    for _ in range(repeats):
        for name, params in searches.items():
            if times[name] is not None:
                blog.append(_once(client, "/blog/", {}))
                times[name].append(_once(client, "/search/", params))
    return times, blog


def _once(client, url, params) -> float:
    started = time.perf_counter()
    client.get(url, params)
    return (time.perf_counter() - started) * 1000


def _p50_p95(times):
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    arguments = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings.dev")
    os.environ["BROADSHEET_VAR_DIR"] = tempfile.mkdtemp(prefix="broadsheet-search-bench-")
    # The page cache on, as on a running site: searches are never kept, but the reads
    # every search shares (the filter's lists) are remembered between purges (core.memo).
    os.environ["PAGECACHE"] = "1"
    os.environ["PAGECACHE_ROOT"] = tempfile.mkdtemp(prefix="broadsheet-search-bench-pages-")
    os.environ["LOG_LEVEL"] = "ERROR"
    if arguments.database_url:
        os.environ["DATABASE_URL"] = arguments.database_url
    else:
        import serve_bench

        site = serve_bench.site_database(arguments.posts, 2, 100)
        os.environ["DATABASE_URL"] = f"sqlite:///{site}"

    import django

    django.setup()
    import site_builder
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from broadsheet.blog.models import PostPage

    settings.ALLOWED_HOSTS = ["*"]
    # A site built by an older checkout gets this one's migrations.
    call_command("migrate", verbosity=0)
    if arguments.database_url and not PostPage.objects.exists():
        print(f"Building {arguments.posts:,} posts in the database…", flush=True)
        site_builder.build(posts=arguments.posts, comments_per_post=2)
    posts = PostPage.objects.count()
    client = Client()
    client.get("/blog/")  # never stopped
    rows, blog_times = _timed_in_turns(client, SEARCHES, arguments.repeats)
    every_search = [ms for times in rows.values() for ms in times or []]
    baseline, _ = _p50_p95(blog_times)
    print(f"\n{connection.vendor}, {posts:,} posts; /blog/ first page p50 {baseline:.1f} ms")
    print("(every search in turn, each right after a /blog/ request: the same load on all)\n")
    print("| search | p50 ms | p95 ms | p50 ÷ /blog/ |")
    print("| --- | ---: | ---: | ---: |")
    for name, times in rows.items():
        if times is None:
            print(f"| {name} | stopped at the time limit (503) | | |")
            continue
        p50, p95 = _p50_p95(times)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {p50 / baseline:.2f}× |")
    p50, p95 = _p50_p95(every_search)
    print(f"| **every search above** | **{p50:.1f}** | **{p95:.1f}** | **{p50 / baseline:.2f}×** |")
    blog_p95 = _p50_p95(blog_times)[1]
    print(f"| /blog/, first page (the baseline) | {baseline:.1f} | {blog_p95:.1f} | 1.00× |")


if __name__ == "__main__":
    main()
