"""How fast the importer stores posts, as a ratio to Wagtail's own way of adding them.

    .venv/bin/python bench/import_bench.py [--posts 10000] [--baseline 200] [--profile FILE]

Makes a fresh SQLite database in a temporary folder, with the settings `make run` uses
(broadsheet.settings.dev: tasks such as search indexing are queued, not run). It first
adds --baseline posts the plainest way Wagtail allows (``add_child`` then publish, the
body already built), then writes --posts generated posts to a WordPress export (WXR) and
times ``manage.py import`` reading it: HTML bodies sanitised and turned into blocks,
authors, categories and tags looked up, two comments (one a reply) and two redirects a
post, each post whole or not at all. It prints both rates and their ratio, so the figure
means something on any machine.
"""

import argparse
import io
import time
from functools import partial
from pathlib import Path

from generated_site import fresh_site, post_records, wxr_export


def main() -> None:
    arguments = _arguments()
    with fresh_site() as folder:
        baseline_rate = _timed("baseline (add_child + publish)", arguments.baseline, _baseline)
        if arguments.drain:
            _worker_run()  # The baseline's own tasks, untimed.
        export = wxr_export(post_records(arguments.posts, prefix="import"), folder / "wxr.xml")
        profiler = _profiler(arguments.profile)
        import_rate = _timed(
            "import (manage.py import of a WXR file)", arguments.posts, partial(_import, export)
        )
        if profiler is not None:
            profiler.stop()
            Path(arguments.profile).write_text(
                profiler.output_text(show_all=True), encoding="utf-8"
            )
            print(f"Profile written to {arguments.profile}")
        _check(arguments.posts, baseline=arguments.baseline)
        if arguments.drain:
            _drained(arguments.posts)
        print(f"Import speed: {import_rate / baseline_rate:.2f} × the baseline")
        minutes = 10_000 / import_rate / 60
        print(f"10,000 posts would take about {minutes:.1f} minutes at this rate")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000, help="posts to import")
    parser.add_argument("--baseline", type=int, default=200, help="posts for the baseline")
    parser.add_argument(
        "--profile", metavar="FILE", help="write a pyinstrument profile of the import, as text"
    )
    parser.add_argument(
        "--drain",
        action="store_true",
        help="then time the task worker doing what the import queued (search indexing…)",
    )
    return parser.parse_args()


def _profiler(path: str | None):
    if path is None:
        return None
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    return profiler


def _timed(label: str, count: int, run) -> float:
    from broadsheet.pagecache.purge import all_purge_on_commit, purges_deferred

    started = time.perf_counter()
    # As manage.py import does (importers.services.files_import): kept pages are thrown
    # away once at the end, not worked out a post at a time. Both runs alike.
    with purges_deferred():
        run(count)
    all_purge_on_commit()
    seconds = time.perf_counter() - started
    rate = count / seconds
    print(f"{label}: {count} posts in {seconds:.1f} s, {rate:.1f} posts/s", flush=True)
    return rate


def _check(count: int, *, baseline: int) -> None:
    """Stop unless the imported posts are all there, whole, in a sound page tree."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page, Revision

    from broadsheet.blog.models import PostPage
    from broadsheet.comments.models import Comment

    imported = PostPage.objects.filter(source_id__startswith="wxr:")
    found = {
        "posts": imported.count(),
        "with a live revision": imported.filter(live_revision__isnull=False).count(),
        # The baseline's posts have one each too.
        "revisions": Revision.page_revisions.count() - baseline,
        "comments": Comment.objects.filter(post__in=imported).count() // 2,
        "redirects": Redirect.objects.filter(redirect_page__in=imported).count() // 2,
    }
    problems = [problem for problem in Page.find_problems() if problem]
    if set(found.values()) != {count} or problems:
        raise SystemExit(f"The import left something out: {found}, tree problems {problems}")
    print(f"Checked: {count} posts, each with its revision, 2 comments and 2 redirects; tree sound")


def _worker_run() -> None:
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--queue-name=*", "--no-startup-delay", verbosity=0)


def _drained(count: int) -> None:
    """Time the worker through the import's tasks; then search must find every post."""
    from django_tasks_db.models import DBTaskResult

    from broadsheet.blog.models import PostPage

    queued = DBTaskResult.objects.ready().count()
    started = time.perf_counter()
    _worker_run()
    seconds = time.perf_counter() - started
    found = PostPage.objects.live().search("Delegations", operator="and")
    imported = sum(post.source_id.startswith("wxr:") for post in found)
    print(
        f"task worker: {queued} tasks queued by the import (and those they queued) done in "
        f"{seconds:.1f} s; search finds {imported} of the {count} posts",
        flush=True,
    )


def _baseline(count: int) -> None:
    from broadsheet.blog.models import Author, PostPage
    from broadsheet.blog.services import post_publish, site_structure_ensure
    from broadsheet.importers.html_body import ImportedHTML

    index = site_structure_ensure()
    author = Author.objects.create(name="Baseline", slug="baseline")
    for record in post_records(count, prefix="baseline"):
        post = PostPage(
            title=record.title,
            slug=record.slug,
            author=author,
            date=record.date,
            body=ImportedHTML(record.body_html).blocks({}),
            live=False,
        )
        index.add_child(instance=post)
        post_publish(post=post)


def _import(export: Path, count: int) -> None:
    from django.core.management import call_command

    output = io.StringIO()
    call_command("import", str(export), stdout=output)
    report = output.getvalue()
    posts = next(line.split() for line in report.splitlines() if line.startswith("posts"))
    if posts[1].replace(",", "") != str(count):
        raise SystemExit(f"The import did not create {count} posts:\n{report}")


if __name__ == "__main__":
    main()
