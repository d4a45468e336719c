"""What a page costs to render when the page cache must render it, in-process.

    .venv/bin/python bench/render_costs.py [--posts 100] [--repeats 30]

Each page goes through Django's WSGI handler as a server calls it (middleware, the
page cache storing what it rendered, the database connection kept between requests),
without a network or a server around it. Three kinds of miss, for the seed post page
(the newest post, with 100 comments):

- **any page read next**: the page was thrown away and the reads pages share were
  already made again by an earlier page (after a publication, every page but the first
  read is this one);
- **first read after a publication**: the page thrown away with a post's purge, and the
  reads pages share since that purge (Recent Posts, the sections) made again by it;
- **after a comment is approved**: the page and its comment thread thrown away, as a
  moderator's approval does (a viral post's most frequent miss);
- **from nothing**: every page thrown away (a change of the site, a restart): the post's
  article and comments rendered again too, and every read made again.

Run alone, it prints a Markdown table of median milliseconds and queries; serve_bench.py
imports it for its table.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))


class Renderer:
    """Django's WSGI application, called in-process, counting the queries of each call."""

    def __init__(self):
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler
        from django.test.client import RequestFactory

        settings.PAGECACHE = {**settings.PAGECACHE, "ENABLED": True}
        settings.ALLOWED_HOSTS = ["*"]
        self.handler = WSGIHandler()
        self.requests = RequestFactory()

    def get(self, url: str) -> tuple[float, int]:
        """Milliseconds and queries of one answer to ``url`` (which must be a 200)."""
        from django.db import connection

        environ = self.requests.get(url).environ
        environ["wsgi.input"] = io.BytesIO(b"")
        status = []
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            body = b"".join(self.handler(environ, lambda code, headers, *_: status.append(code)))
        elapsed = (time.perf_counter() - started) * 1000
        assert status[0].startswith("200"), (url, status[0], body[:200])
        return elapsed, len(queries)


def _median(samples: list[tuple[float, int]]) -> tuple[float, int]:
    return statistics.median(ms for ms, _ in samples), max(n for _, n in samples)


def page_costs(renderer: Renderer, urls: dict[str, str], repeats: int = 20):
    """Each page rendered whole, with the reads pages share kept: a new query string each
    time, at which neither the page nor its fragments (article, comments) are kept."""
    costs = {}
    misses = iter(range(10**9))
    for name, url in urls.items():
        separator = "&" if "?" in url else "?"
        renderer.get(f"{url}{separator}miss={next(misses)}")
        costs[name] = _median(
            [renderer.get(f"{url}{separator}miss={next(misses)}") for _ in range(repeats)]
        )
    return costs


def seed_post_misses(renderer: Renderer, url: str, repeats: int = 20) -> dict:
    """The seed post's three kinds of miss (see the module's text)."""
    from broadsheet.blog import cache_tags
    from broadsheet.blog.models import PostPage
    from broadsheet.pagecache.purge import all_purge, tags_purge

    post = PostPage.objects.get(slug=url.strip("/").split("/")[-1])
    other = PostPage.objects.live().exclude(pk=post.pk).order_by("-date").first()
    assert other is not None
    thrown = [cache_tags.post_page(post.pk), cache_tags.post_page(other.pk)]
    renderer.get(url)

    def next_read():
        tags_purge(thrown)
        renderer.get(other.url)
        return renderer.get(url)

    def first_read():
        tags_purge(thrown)
        return renderer.get(url)

    def comment_approved():
        tags_purge([cache_tags.comments(post.pk)])
        return renderer.get(url)

    def from_nothing():
        all_purge()
        return renderer.get(url)

    kinds = {
        "any page read next": next_read,
        "first read after a publication": first_read,
        "after a comment is approved": comment_approved,
        "from nothing": from_nothing,
    }
    return {name: _median([read() for _ in range(repeats)]) for name, read in kinds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=30)
    arguments = parser.parse_args()

    import os
    import shutil
    import tempfile

    import serve_bench

    source = serve_bench.site_database(arguments.posts, 2, 100)
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-render-costs-"))
    database = folder / "site.sqlite3"
    shutil.copyfile(source, database)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="broadsheet.settings.dev",
        BROADSHEET_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{database}",
        PAGECACHE_ROOT=str(folder / "pagecache"),
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # A site built by an older checkout.
    renderer = Renderer()
    seed = f"/post/story-{arguments.posts - 1}/"
    misses = seed_post_misses(renderer, seed, arguments.repeats)
    print(f"\n### The seed post's misses, {arguments.posts:,} posts\n")
    print("| miss | median ms | queries |\n| --- | ---: | ---: |")
    for name, (ms, queries) in misses.items():
        print(f"| {name} | {ms:.1f} | {queries} |")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
