"""The entities' work in the task worker (`manage.py db_worker`)."""

from django.tasks import task


@task
def extract_post_entities(*, post_id: int) -> bool | None:
    """Find what a published post mentions; None if it is gone or no longer live."""
    from broadsheet.blog.models import PostPage
    from broadsheet.entities.services import post_entities_extract

    post = PostPage.objects.filter(pk=post_id, live=True).first()
    if post is None:
        return None
    return post_entities_extract(post=post)
