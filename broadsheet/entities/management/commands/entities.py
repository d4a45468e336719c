"""manage.py entities [--rebuild]: who and where the archive's posts are about."""

from contextlib import nullcontext
from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from broadsheet.blog.models import PostPage
from broadsheet.core.terminal import PartialLines
from broadsheet.entities.models import Entity, EntitySuggestion
from broadsheet.entities.services import post_entities_extract, site_vocabulary
from broadsheet.importers.results import plural
from broadsheet.pagecache.purge import all_purge_on_commit, purges_deferred

_KIND_NOUNS = {
    Entity.Kind.COUNTRY: ("country", "countries"),
    Entity.Kind.CITY: ("city", "cities"),
    Entity.Kind.PERSON: ("person", "people"),
    Entity.Kind.ORGANISATION: ("organisation", "organisations"),
}
# Without a terminal (a log, a pipe), progress is a line each tenth of the way.
_LINES_OF_PROGRESS = 10


class Command(BaseCommand):
    help = (
        "Say how many entities the site knows; with --rebuild, find again the countries, "
        "cities, people and organisations every published post mentions. Each post is "
        "done whole or not at all, so an interrupted rebuild can go on with --after. "
        "Entities editors added or removed stay as they left them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Extract every published post again."
        )
        parser.add_argument(
            "--after",
            type=int,
            default=0,
            metavar="POST_ID",
            help="With --rebuild: start after this post (where an interrupted run stopped).",
        )

    def handle(self, *args, rebuild, after, **options):
        if after and not rebuild:
            raise CommandError("--after goes with --rebuild.")
        if rebuild:
            self._rebuild(after=after)
        self._summary()

    def _rebuild(self, *, after: int) -> None:
        post_ids = list(
            PostPage.objects.filter(live=True, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        vocabulary = site_vocabulary()
        changed = done = 0
        with self._progress(len(post_ids)) as advance, purges_deferred():
            try:
                for post_id in post_ids:
                    post = PostPage.objects.filter(pk=post_id, live=True).first()
                    if post is not None:
                        changed += post_entities_extract(post=post, vocabulary=vocabulary)
                    done += 1
                    advance(done, len(post_ids))
            except KeyboardInterrupt:
                last = post_ids[done - 1] if done else after
                raise CommandError(
                    f"Interrupted after {done} of {len(post_ids)} posts; each post done is "
                    f"complete. Go on with: manage.py entities --rebuild --after {last}"
                ) from None
            finally:
                if changed:
                    all_purge_on_commit()
        self.stdout.write(
            f"Rebuilt: {plural(done, 'post')} read, {changed} with entities that changed."
        )

    def _progress(self, total: int):
        if self.stdout.isatty():
            # PartialLines writes and flushes as rich asks, which is all of IO it uses.
            return _ProgressBar(Console(file=cast("IO[str]", PartialLines(self.stdout))), total)
        return nullcontext(self._progress_line)

    def _progress_line(self, done: int, total: int) -> None:
        step = max(1, total // _LINES_OF_PROGRESS)
        if done % step == 0 or done == total:
            self.stdout.write(f"{done}/{total} posts")

    def _summary(self) -> None:
        kinds = dict(Entity.objects.values_list("kind").annotate(n=Count("pk")))
        counts = ", ".join(
            plural(kinds.get(kind, 0), singular, plural_form)
            for kind, (singular, plural_form) in _KIND_NOUNS.items()
        )
        pending = EntitySuggestion.objects.filter(status=EntitySuggestion.Status.PENDING).count()
        self.stdout.write(f"Entities: {counts}. Suggestions waiting for an editor: {pending}.")


class _ProgressBar:
    """Posts done of the posts to do, redrawn in place, then cleared."""

    def __init__(self, console: Console, total: int) -> None:
        self._progress = Progress(
            TextColumn("Finding entities"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("posts", total=total)

    def __enter__(self):
        self._progress.start()
        return self.advance

    def __exit__(self, *exc_info) -> None:
        self._progress.stop()

    def advance(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done)
