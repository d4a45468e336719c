"""Related coverage's work in the task worker (`manage.py db_worker`)."""

from django.tasks import task

from broadsheet.related.services import related_refresh


@task
def refresh_related(*, post_id: int) -> list[int]:
    """Post ``post_id``'s Related coverage and its neighbours'; the posts whose box changed."""
    return sorted(related_refresh(post_id=post_id))
