"""manage.py import FILE...: a blog's archive into the site."""

import io
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from broadsheet.core.terminal import PartialLines
from broadsheet.importers.author_map import author_map_read
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import FORMAT_ALIASES, FORMATS
from broadsheet.importers.results import ImportReport, Kind, Outcome, plural
from broadsheet.importers.services import files_import

_DRY_RUN_LABELS = {Outcome.CREATED: "would create", Outcome.UPDATED: "would update"}
_TABLE_WIDTH = 100
_ALIASES_SHOWN = ", ".join(f"{old} for {new}" for old, new in FORMAT_ALIASES.items())


class Command(BaseCommand):
    help = (
        "Import a blog's archive: posts, pages, categories, comments, pictures and old "
        "addresses. Each post is created, or updated when an earlier import made it, and "
        "published with its own date or kept a draft. Bad items are reported; the rest import."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--format",
            dest="format_name",
            choices=sorted([*FORMATS, *FORMAT_ALIASES]),
            metavar="{" + ",".join(FORMATS) + "}",
            help=(
                "Read every file as this format instead of recognising each one. "
                f"Also accepted: {_ALIASES_SHOWN}."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read the files and say what would be created or updated; write nothing.",
        )
        parser.add_argument(
            "--fetch-images",
            action="store_true",
            help=(
                "Copy pictures the archive links to on the web into the image library. "
                "Without it, such pictures stay links to where they are."
            ),
        )
        parser.add_argument(
            "--media",
            type=Path,
            action="append",
            default=[],
            metavar="DIR",
            help=(
                "A folder of the site's picture files, such as WordPress's wp-content/uploads: "
                "pictures found there are imported from it, without fetching. May be repeated."
            ),
        )
        parser.add_argument(
            "--author-map",
            type=Path,
            metavar="FILE",
            help="A CSV of 'source name,target name' lines: credit one author as another.",
        )

    def handle(
        self, *args, files, format_name, dry_run, fetch_images, media, author_map, **options
    ):
        try:
            author_names = author_map_read(author_map) if author_map else {}
        except (ImportFileError, OSError) as error:
            raise CommandError(f"--author-map: {error}") from error
        for folder in media:
            if not folder.is_dir():
                raise CommandError(f"--media: {folder} is not a folder")
        with self._progress() as progress:
            report = files_import(
                paths=files,
                format_name=format_name,
                dry_run=dry_run,
                fetch_images=fetch_images,
                author_names=author_names,
                media_folders=tuple(media),
                on_record=progress.advance if progress else None,
            )
        self.stdout.write(self._summary(report, dry_run=dry_run), ending="")
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for problem in report.problems:
            self.stderr.write(f"problem: {problem}")
        if report.linked_pictures:
            self.stdout.write(_linked_pictures_line(report.linked_pictures, files))
        if dry_run:
            self.stdout.write("Dry run, nothing written.")
        if report.problems:
            raise CommandError(f"{len(report.problems)} failed; see the problems above.")
        if not dry_run:
            self.stdout.write(_last_line(report))
        # Where the run ends: report.counts says what changed, for whatever must follow.

    def _progress(self):
        """A progress bar on a terminal; nothing where the output goes to a file or a pipe."""
        if not self.stdout.isatty():
            return nullcontext()
        return _ProgressBar(Console(file=PartialLines(self.stdout)))

    def _summary(self, report: ImportReport, *, dry_run: bool) -> str:
        """The counts as a table: a row for each kind of thing, a column for each outcome."""
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("")
        for outcome in Outcome:
            label = _DRY_RUN_LABELS.get(outcome, outcome.value) if dry_run else outcome.value
            table.add_column(label, justify="right")
        for kind in Kind:
            table.add_row(kind.value, *(str(report.counts[kind, outcome]) for outcome in Outcome))
        buffer = io.StringIO()
        Console(file=buffer, width=_TABLE_WIDTH, force_terminal=self.stdout.isatty()).print(table)
        return buffer.getvalue()


def _linked_pictures_line(count: int, files: list[Path]) -> str:
    shown = " ".join(str(path) for path in files)
    return (
        f"{plural(count, 'picture')} stayed where {'it lives' if count == 1 else 'they live'}, "
        f"the posts linking to {'it' if count == 1 else 'them'}: to copy them in, run "
        f"manage.py import --fetch-images {shown} (or give their folder with --media); "
        "what is imported already is not fetched again."
    )


def _last_line(report: ImportReport) -> str:
    """The verdict, last, so that a run that left things out never reads as a clean one."""
    if report.skipped_for_a_reason:
        return (
            f"Imported, but {plural(report.skipped_for_a_reason, 'item was', 'items were')} "
            "left out for the reasons in the notes above: fix them and import again."
        )
    return "Imported: nothing failed, nothing was left out."


class _ProgressBar:
    """The file being read and the items stored so far, redrawn in place, then cleared.

    A format reads its file as it goes, so how many items remain is unknown: the bar
    shows activity, and the count shows progress.
    """

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} items"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("Importing", total=None)

    def __enter__(self) -> "_ProgressBar":
        self._progress.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._progress.stop()

    def advance(self, path: Path, record) -> None:
        self._progress.update(self._task, advance=1, description=path.name)
