"""Importing files: each file read by its format, each record stored on its own."""

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.fetch import ImageFetcher
from broadsheet.importers.formats import format_for
from broadsheet.importers.records import (
    CategoryRecord,
    MediaFolderRecord,
    NoteRecord,
    OldAddressRecord,
    PostKind,
    PostRecord,
    ProblemRecord,
    Record,
)
from broadsheet.importers.results import Changes, ImportReport, Kind, Outcome
from broadsheet.importers.writer import ArchiveWriter
from broadsheet.pagecache.purge import all_purge_on_commit, purges_deferred


def files_import(
    *,
    paths: Iterable[Path],
    format_name: str | None = None,
    dry_run: bool = False,
    fetch_images: bool = False,
    author_names: Mapping[str, str] | None = None,
    media_folders: tuple[Path, ...] = (),
    on_record: Callable[[Path, Record], None] | None = None,
) -> ImportReport:
    """Import every record in ``paths``; a bad file or record is reported and the rest go on.

    Each post is stored whole, with its comments, pictures and redirects, or not at all;
    new published posts are written up to POSTS_AT_ONCE (or CHARACTERS_AT_ONCE of body)
    to a transaction, and a post that
    fails among them is reported by name while the others land. So an interruption
    keeps the posts already stored and leaves no half post. Records a file yielded
    before a later item turned out bad stay stored.
    ``format_name`` forces a format instead of detecting it; ``fetch_images`` lets
    pictures be copied from the web; ``media_folders`` hold picture files to take
    pictures from instead (a WordPress uploads folder); ``on_record`` hears of each
    record once stored.

    A run that changed anything throws away every kept reader page once, at its end
    (not a post at a time): lists, feeds, archives and bylines may all have changed.

    A dry run stores everything in one transaction that is then rolled back, so what
    it reports is what a real run would do, except that nothing is fetched.
    """
    writer = ArchiveWriter(
        fetcher=ImageFetcher() if fetch_images and not dry_run else None,
        author_names=author_names,
        media_folders=tuple(media_folders),
    )
    report = ImportReport()
    if not dry_run:
        try:
            with purges_deferred():
                _paths_import(writer, paths, format_name, report, on_record)
        except BaseException:
            # Interrupted: the posts stored before it are on the site.
            all_purge_on_commit()
            raise
        if report.changed_anything:
            all_purge_on_commit()
        return report
    try:
        with transaction.atomic():
            _paths_import(writer, paths, format_name, report, on_record)
            transaction.set_rollback(True)
    finally:
        writer.discard_uncommitted_files()
    return report


# Posts written together (ArchiveWriter.posts_store): one transaction per so many new
# posts, instead of one each, is most of what makes an import fast. An interruption loses
# at most these, whole, and a second run stores them. Their bodies are held read while
# they wait, several times their size: fewer of them when they are long.
POSTS_AT_ONCE = 50
CHARACTERS_AT_ONCE = 500_000


def _paths_import(writer, paths, format_name, report, on_record) -> None:
    for path in paths:
        posts: list[PostRecord] = []
        try:
            import_format = format_for(path, name=format_name)
            for record in import_format.parse(path):
                if isinstance(record, PostRecord):
                    posts.append(record)
                    if len(posts) < POSTS_AT_ONCE and _characters(posts) < CHARACTERS_AT_ONCE:
                        continue
                # Whatever else comes (a category, a listing's old address) may need the
                # posts before it.
                _posts_import(writer, path, posts, report, on_record)
                if not isinstance(record, PostRecord):
                    _record_import(writer, path, record, report)
                    if on_record is not None:
                        on_record(path, record)
            _posts_import(writer, path, posts, report, on_record)
        except ImportFileError as error:
            # What the file yielded before its bad part is stored.
            _posts_import(writer, path, posts, report, on_record)
            report.failure(path, error.item or "", error.message)
        except OSError as error:
            _posts_import(writer, path, posts, report, on_record)
            report.failure(path, "", error.strerror or str(error))
        finally:
            writer.file_done()


def _characters(posts: list[PostRecord]) -> int:
    return sum(len(post.body_html) + sum(map(len, post.paragraphs)) for post in posts)


def _posts_import(writer: ArchiveWriter, path: Path, posts: list[PostRecord], report, on_record):
    """Store the posts read so far, each reported on its own; then forget them."""
    for record, store in writer.posts_store(posts):
        kind = Kind.PAGE if record.kind is PostKind.PAGE else Kind.POST
        _stored_reported(path, kind, record.title, store, report)
        if on_record is not None:
            on_record(path, record)
    posts.clear()


def _record_import(writer: ArchiveWriter, path: Path, record: Record, report: ImportReport):
    if isinstance(record, NoteRecord):
        report.note(path, record.item, record.message)
        if record.skipped is not None:
            report.counts[record.skipped, Outcome.SKIPPED] += 1
            report.skipped_for_a_reason += 1
        return
    if isinstance(record, ProblemRecord):
        report.failure(path, record.item, record.message, kind=record.kind)
        return
    if isinstance(record, MediaFolderRecord):
        writer.media_folder_add(record)
        return
    kind: Kind | None
    store: Callable[[], Changes]
    if isinstance(record, OldAddressRecord):
        kind, item, store = Kind.REDIRECT, record.old_url, partial(writer.old_address_store, record)
    elif isinstance(record, CategoryRecord):
        kind, item, store = Kind.CATEGORY, record.name, partial(writer.category_store, record)
    elif isinstance(record, PostRecord):
        # One post on its own; _posts_import stores those a file yields, several at once.
        kind = Kind.PAGE if record.kind is PostKind.PAGE else Kind.POST
        item, store = record.title, partial(writer.post_store, record)
    else:
        kind, item, store = record.kind, record.item, partial(writer.own_record_store, record)
    _stored_reported(path, kind, item, store, report)


def _stored_reported(
    path: Path, kind: Kind | None, item: str, store: Callable[[], Changes], report: ImportReport
) -> None:
    try:
        report.add(path, store())
    except ValidationError as error:
        report.failure(path, item, _validation_message(error), kind=kind)
    except DatabaseError as error:
        # Nothing of the record is stored; the rest of the archive may still be.
        report.failure(path, item, f"the database refused it: {error}", kind=kind)


def _validation_message(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
    )
