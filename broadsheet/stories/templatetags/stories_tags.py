from django import template
from django.template.loader import render_to_string

from broadsheet.blog.cache_tags import declare_post_shown
from broadsheet.pagecache.dependencies import depends_on
from broadsheet.pagecache.fragments import fragment_render
from broadsheet.stories import cache_tags
from broadsheet.stories.selectors import previously_for

register = template.Library()


@register.simple_tag(takes_context=True)
def story_previously(context, post):
    """``{% story_previously page %}``: "Previously in this story", a box for each story
    the post is in, with the posts just before it there and a link to the timeline.

    Kept on its own (pagecache.fragments): the post's page, rendered again for a new
    Recent Posts box, reuses it without asking the database anything.
    """

    def render():
        boxes = previously_for(post)
        depends_on(cache_tags.story_box(post.pk))
        for box in boxes:
            depends_on(cache_tags.story(box.story.pk))
            for earlier in box.earlier:
                declare_post_shown(earlier)
        return render_to_string("stories/previously.html", {"boxes": boxes, "post": post})

    request = context.get("request")
    if request is None:
        return render()
    return fragment_render(request, "post-stories", [post.pk], render)
