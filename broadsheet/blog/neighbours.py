"""The posts just before and after a post by date: its page's previous and next links.

Asked on every post page render, so it is one plain SQL statement, written once: the
ORM spends longer building the two ordered subqueries than the database spends answering
them (measured: 3 ms against 0.2 ms per page on SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from broadsheet.blog.languages import language_direction
from broadsheet.core.planner_hints import likely_sql


@dataclass(frozen=True, slots=True)
class PostLink:
    """What a previous/next link shows of a post."""

    pk: int
    title: str
    slug: str
    language: str

    @property
    def url(self) -> str:
        return reverse("blog:post", kwargs={"slug": self.slug})

    @property
    def text_direction(self) -> str:
        return language_direction(self.language)


def neighbours_sql(restricted: int) -> str:
    """The statement for posts behind ``restricted`` private sections (its parameters:
    ``neighbours``)."""
    quote = connection.ops.quote_name
    page, post = quote("wagtailcore_page"), quote("blog_postpage")
    # The post's own key, not the page's (the same number): the date index ends with it.
    # Compared as a row, (date, key) < (…, …), so both databases seek the index to the
    # post and read one entry; spelt with OR, SQLite scans it (10 ms at 100,000 posts).
    page_id, date = f"{page}.{quote('id')}", f"{post}.{quote('date')}"
    key = f"{post}.{quote('page_ptr_id')}"
    live = f"{page}.{quote('live')} = %s"
    if connection.vendor == "sqlite":
        live = likely_sql(live)
    visible = live + "".join(f" AND {page}.{quote('path')} NOT LIKE %s" for _ in range(restricted))
    columns = (
        f"{page_id}, {page}.{quote('title')}, {page}.{quote('slug')}, {post}.{quote('language')}"
    )
    # Only quoted names are written into the statement; every value is a parameter.
    side = (
        f"SELECT {columns} FROM {page} INNER JOIN {post} "  # noqa: S608
        f"ON {post}.{quote('page_ptr_id')} = {page_id} WHERE {visible} "
        f"AND ({date}, {key}) {{op}} (%s, %s) "
        f"ORDER BY {date} {{order}}, {key} {{order}} LIMIT 1"
    )
    older = side.format(op="<", order="DESC")
    newer = side.format(op=">", order="ASC")
    return (
        f"SELECT 'older', * FROM ({older}) AS older "  # noqa: S608
        f"UNION ALL SELECT 'newer', * FROM ({newer}) AS newer"
    )


def neighbours(post, *, restricted_paths) -> tuple[PostLink | None, PostLink | None]:
    """``(older, newer)``: the published posts just before and after ``post``."""
    date = connection.ops.adapt_datetimefield_value(post.date)
    side = [True, *(f"{path}%" for path in restricted_paths), date, post.pk]
    with connection.cursor() as cursor:
        cursor.execute(neighbours_sql(len(restricted_paths)), side + side)
        found = {
            which: PostLink(pk=pk, title=title, slug=slug, language=language)
            for which, pk, title, slug, language in cursor.fetchall()
        }
    return found.get("older"), found.get("newer")
