"""What pages showing entities tell the page cache (broadsheet.pagecache.dependencies).

A post's page carries ``blog.cache_tags.post(pk)`` already: its entities changing purges
that. Topic pages carry ``entity(pk)`` for each entity they show; the index and the map
carry ``TOPICS``.
"""

TOPICS = "topics"


def entity(pk) -> str:
    """An entity's name, description, aliases, and which posts mention it."""
    return f"entity:{pk}"
