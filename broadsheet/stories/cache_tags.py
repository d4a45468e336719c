"""What story pages and boxes tell the page cache they show (broadsheet.pagecache).

- ``story:<id>``: the story's own fields (title, address, summary, description, cover,
  still developing), wherever they show: its page, its feed, the list of stories, every
  "Previously in this story" box.
- ``story-posts:<id>``: which posts the story holds: its page and feed, and the list of
  stories (its latest date).
- ``story-box:<post id>``: a post's "Previously in this story" boxes, one per story.
- ``STORIES``: the list of stories, which a story joins or leaves.

Each post a page lists also carries ``post:<id>`` (broadsheet.blog.cache_tags), so a
post's new title, or its unpublishing, throws away every story page and box showing it.
"""

STORIES = "stories"


def story(pk) -> str:
    return f"story:{pk}"


def story_posts(pk) -> str:
    return f"story-posts:{pk}"


def story_box(post_pk) -> str:
    return f"story-box:{post_pk}"
