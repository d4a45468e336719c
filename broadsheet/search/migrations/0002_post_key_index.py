"""On PostgreSQL, an index on each post's key as text, the form an index entry keeps it in.

A search joins the matching index entries to their posts by that key
(postgres_ranking.py). Without this index, a word in about a thousand posts read the key
of every post of the archive to make the join (25 ms at 100,000 posts); with it, each
match looks its post up (5 to 9 ms), and a common word is still answered from the newest
posts, through the entries' own index on the same key. SQLite needs none.
"""

from django.db import migrations

INDEX = "broadsheet_search_post_key"


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON blog_postpage (((page_ptr_id)::varchar))"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_title_and_body_index"), ("blog", "0001_initial")]

    operations = [migrations.RunPython(_create, _drop)]
