"""What Related coverage costs: its task against a post page's render, in the same run.

    .venv/bin/python bench/related_bench.py [--posts 5000] [--entities 400] [--samples 20]
        [--site path/to/site.sqlite3]

Copies a built site (serve_bench.py's, kept in bench/.sites/; or --site) to a temporary
file, gives its posts entities as a news archive has them (one to six each, a few
entities in many posts and most in few: a Zipf draw from --entities), works out every
post's Related coverage (``manage.py related --rebuild``'s service), then measures, for
--samples posts picked at random:

- the refresh the task runs when a post is published (``related_refresh``): ms and queries;
- the baseline: the same post's page rendered in-process with the page cache off;
- the post page's queries with and without its stored related posts (the box's cost).

The built posts draw their words from a vocabulary of 30 (site_builder), all of them in
most posts: their text half weighs nothing, so the entities decide here.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--entities", type=int, default=400)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument(
        "--site", type=Path, help="A built site's SQLite file (copied, not changed)."
    )
    return parser.parse_args()


def _site_copy(arguments) -> Path:
    if arguments.site:
        source = arguments.site
    else:
        import serve_bench

        source = serve_bench.site_database(arguments.posts, 2, 100)
    copy = Path(tempfile.mkdtemp(prefix="broadsheet-related-bench-")) / "site.sqlite3"
    shutil.copyfile(source, copy)
    return copy


def _give_entities(count: int, rng: random.Random) -> None:
    from broadsheet.blog.models import PostPage
    from broadsheet.entities.models import Entity, PostEntity

    Entity.objects.bulk_create(
        Entity(name=f"Subject {n}", slug=f"subject-{n}", kind=Entity.Kind.PERSON)
        for n in range(count)
    )
    entities = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    weights = [1 / (rank + 1) for rank in range(len(entities))]  # Zipf: a few are everywhere.
    rows = []
    for post_id in PostPage.objects.values_list("pk", flat=True):
        chosen = set(rng.choices(entities, weights=weights, k=rng.randint(1, 6)))
        rows += [
            PostEntity(post_id=post_id, entity_id=pk, count=rng.randint(1, 5)) for pk in chosen
        ]
    PostEntity.objects.bulk_create(rows, batch_size=2000)


def _timed(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run()
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries)


def main() -> None:
    arguments = _arguments()
    site = _site_copy(arguments)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings.dev")
    os.environ["DATABASE_URL"] = f"sqlite:///{site}"
    os.environ["BROADSHEET_VAR_DIR"] = tempfile.mkdtemp(prefix="broadsheet-related-bench-var-")
    os.environ["PAGECACHE"] = "0"
    os.environ["LOG_LEVEL"] = "ERROR"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from broadsheet.blog.models import PostPage
    from broadsheet.related.models import RelatedPost
    from broadsheet.related.services import related_rebuild, related_refresh

    settings.ALLOWED_HOSTS = ["*"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    call_command("migrate", verbosity=0)
    rng = random.Random(12)
    _give_entities(arguments.entities, rng)
    posts = PostPage.objects.count()

    started = time.perf_counter()
    related_rebuild()
    rebuild_seconds = time.perf_counter() - started

    client = Client()
    sample = rng.sample(list(PostPage.objects.values_list("pk", "url_path")), arguments.samples)
    renders, refreshes, with_box, without_box = [], [], [], []
    for pk, _ in sample:
        url = PostPage.objects.get(pk=pk).url
        client.get(url)  # Warm what every page reads once per process.
        renders.append(_timed(lambda url=url: client.get(url)))
        refreshes.append(_timed(lambda pk=pk: related_refresh(post_id=pk)))
        with_box.append(renders[-1][1])
        kept = list(RelatedPost.objects.filter(post_id=pk))
        RelatedPost.objects.filter(post_id=pk).delete()
        without_box.append(_timed(lambda url=url: client.get(url))[1])
        RelatedPost.objects.bulk_create(kept)

    render_ms = statistics.median(ms for ms, _ in renders)
    render_queries = statistics.median(q for _, q in renders)
    refresh_ms = statistics.median(ms for ms, _ in refreshes)
    refresh_queries = statistics.median(q for _, q in refreshes)
    samples = arguments.samples
    print(f"\nSQLite, {posts:,} posts, {arguments.entities} entities (Zipf), {samples} samples")
    per_post = rebuild_seconds / posts * 1000
    print(f"Rebuild of every post's list: {rebuild_seconds:.1f} s ({per_post:.1f} ms a post)\n")
    print("| work | p50 ms | queries (p50) | ÷ post page render |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| post page render, cache off | {render_ms:.1f} | {render_queries:.0f} | 1.00× |")
    ratio = refresh_ms / render_ms
    print(f"| related_refresh (task) | {refresh_ms:.1f} | {refresh_queries:.0f} | {ratio:.2f}× |")
    with_count, without_count = statistics.median(with_box), statistics.median(without_box)
    print(
        f"\nPost page queries, with related posts: {with_count:.0f}; without: {without_count:.0f}."
    )
    shutil.rmtree(site.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
