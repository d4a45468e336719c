"""What the benchmarks share: a throwaway site, and generated posts to fill it with."""

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BODY_HTML = (
    "<p>Delegations met on Monday for the first time since talks broke down, story "
    "{number}. <b>Officials</b> said a <a href='https://example.com/'>second round</a> is "
    "planned.</p><h2>What was agreed</h2><ul><li>A ceasefire line</li><li>Prisoner "
    "exchanges</li></ul><p>" + "More words follow in the body of the report. " * 40 + "</p>"
    "<blockquote><p>We are hopeful.</p></blockquote>"
    "<table><tr><th>Side</th><th>Seats</th></tr><tr><td>North</td><td>12</td></tr></table>"
)


@contextmanager
def fresh_site() -> Iterator[Path]:
    """A migrated SQLite site in a temporary folder, with the settings `make run` uses.

    With BENCH_DATABASE_URL set (an empty PostgreSQL database, say), the site uses that
    database instead; its files still go in the temporary folder. Tasks such as search
    indexing are queued there, not run, as in production.
    """
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as folder:
        os.environ["BROADSHEET_VAR_DIR"] = folder
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
        )
        os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings.dev"
        import django

        django.setup()
        from django.core.management import call_command

        print("Migrating a fresh database…", flush=True)
        call_command("migrate", verbosity=0)
        yield Path(folder)


def post_records(count: int, *, prefix: str):
    """Posts as an import reads them: an HTML body of several blocks, tags, a category,
    two old addresses and two comments, one a reply."""
    from django.utils import timezone

    from broadsheet.importers.records import AuthorRecord, CommentRecord, PostRecord

    start = dt.datetime(2015, 1, 1, 9, 0, tzinfo=timezone.get_current_timezone())
    for number in range(count):
        date = start + dt.timedelta(hours=7 * number)
        slug = f"{prefix}-{number}"
        yield PostRecord(
            source_id=f"bench:{slug}",
            title=f"Story number {number} from the {prefix} desk",
            slug=slug,
            author=AuthorRecord(name=f"Reporter {number % 7}"),
            date=date,
            body_html=BODY_HTML.format(number=number),
            tags=(f"topic {number % 50}", f"place {number % 23}"),
            category=f"Section {number % 9}",
            old_urls=(f"https://old.example/?p={number}", f"/{date:%Y/%m/%d}/{slug}/"),
            comments=tuple(
                CommentRecord(
                    source_id=f"{number}-{index}",
                    author_name=f"Reader {index}",
                    body=f"Comment {index} on story {number}.",
                    date=date + dt.timedelta(hours=index),
                    parent_source_id=f"{number}-1" if index == 2 else "",
                )
                for index in (1, 2)
            ),
        )


def wxr_export(records, path: Path) -> Path:
    """``records`` (from ``post_records``) written as a WordPress export (WXR), as
    ``manage.py import`` reads one: authors, categories, tags, comments and all."""
    records = list(records)
    authors = {record.author.name for record in records}
    head = "".join(
        f"<wp:author><wp:author_login>{escape(name)}</wp:author_login>"
        f"<wp:author_display_name>{escape(name)}</wp:author_display_name></wp:author>"
        for name in sorted(authors)
    )
    with path.open("w", encoding="utf-8") as file:
        file.write(_WXR_HEAD + head)
        for record in records:
            file.write(_wxr_item(record))
        file.write("</channel>\n</rss>\n")
    return path


_WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old Desk</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example</wp:base_site_url>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
"""


def _wxr_item(record) -> str:
    guid, link = record.old_urls
    number = guid.rpartition("=")[2]
    terms = [("category", record.category)] + [("post_tag", tag) for tag in record.tags]
    filed = "".join(
        f'<category domain="{domain}" nicename="{escape(name.replace(" ", "-"))}">'
        f"{escape(name)}</category>"
        for domain, name in terms
    )
    comments = "".join(
        f"<wp:comment><wp:comment_id>{comment.source_id.replace('-', '0')}</wp:comment_id>"
        f"<wp:comment_author>{escape(comment.author_name)}</wp:comment_author>"
        f"<wp:comment_date_gmt>{comment.date.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}"
        "</wp:comment_date_gmt>"
        f"<wp:comment_content>{escape(comment.body)}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{comment.parent_source_id.replace('-', '0') or 0}"
        "</wp:comment_parent></wp:comment>"
        for comment in record.comments
    )
    return f"""<item><title>{escape(record.title)}</title>
<link>https://old.example{link}</link><dc:creator>{escape(record.author.name)}</dc:creator>
<guid isPermaLink="false">{guid}</guid>
<content:encoded><![CDATA[{record.body_html}]]></content:encoded>
<wp:post_id>{number}</wp:post_id>
<wp:post_date_gmt>{record.date.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>
<wp:post_name>{record.slug}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>{filed}{comments}</item>
"""
