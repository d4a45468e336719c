"""Counting done by the task worker (`manage.py db_worker`), out of the reader's request."""

from datetime import date

from django.tasks import task

from broadsheet.engagement.services import engagement_prune, view_record


@task
def record_view(*, post_id: int, day: str, reader_hash: str) -> bool:
    """Count one view (``day`` in ISO format: task arguments travel as JSON)."""
    counted_day = date.fromisoformat(day)
    counted = view_record(post_id=post_id, reader_hash=reader_hash, day=counted_day)
    # Nothing runs periodic jobs here, and views arrive all day: each one prunes.
    engagement_prune(today=counted_day)
    return counted
