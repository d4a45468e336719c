"""The importer's work in the task worker (`manage.py db_worker`)."""

from django.tasks import task


@task
def index_imported_posts(*, post_ids: list[int], comment_ids: list[int]) -> int:
    """For posts an import wrote together (blog.services.pages_add_published), what saving
    and publishing each would have queued one post at a time: its search index entry, its
    and its comments' entries in Wagtail's reference index (the admin's usage counts), and
    the search for the people, places and organisations it mentions (broadsheet.entities),
    whose end refreshes its Related coverage and topic pages. How many posts it indexed.
    """
    from modelsearch.backends import get_search_backends
    from wagtail.tasks import update_reference_index_task

    from broadsheet.blog.models import PostPage
    from broadsheet.comments.models import Comment
    from broadsheet.entities.tasks import extract_post_entities

    # Those deleted since are gone from this list, as their own tasks would find them gone.
    posts = list(PostPage.objects.filter(pk__in=post_ids).order_by("pk"))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(PostPage, posts)
    for post in posts:
        update_reference_index_task.call("blog", "postpage", str(post.pk))
    for comment_id in Comment.objects.filter(pk__in=comment_ids).values_list("pk", flat=True):
        update_reference_index_task.call("comments", "comment", str(comment_id))
    for post in posts:
        extract_post_entities.enqueue(post_id=post.pk)
    return len(posts)
