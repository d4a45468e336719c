"""Which kept pages change when a post joins, leaves or moves in a story."""

from broadsheet.blog.models import PostPage
from broadsheet.stories import cache_tags
from broadsheet.stories.models import PREVIOUSLY_COUNT
from broadsheet.stories.selectors import posts_after


def membership_changed_tags(*, story_id: int, post_id: int) -> set[str]:
    """The story's page, feed and the list of stories; the post's own box; and the boxes
    of the posts just after it, which list it (or listed it) among their earlier posts.

    Pages that showed the post before carry ``post:<id>`` and go with any publication of
    it (broadsheet.blog.signals); these are the pages where it may now appear.
    """
    tags = {cache_tags.story_posts(story_id), cache_tags.STORIES, cache_tags.story_box(post_id)}
    placed = PostPage.objects.filter(pk=post_id).values("date", "pk").first()
    if placed is not None:
        later = posts_after(story_id, date=placed["date"], pk=post_id, count=PREVIOUSLY_COUNT)
        tags.update(cache_tags.story_box(pk) for pk in later)
    return tags
