"""On PostgreSQL, an index for searches of title and body together.

modelsearch asks ``(title || body) @@ query`` when a search looks in every field, and its
own indexes cover each column alone, so every search read every index entry: 1 to 2 s
at 100,000 posts for a word in one post (bench/search_bench.py). An index on the same
expression answers it. SQLite searches its own full-text table and needs none.
"""

from django.db import migrations

INDEX = "broadsheet_search_title_body_gin"


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON wagtailsearch_indexentry USING GIN ((title || body))"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(_create, _drop)]
