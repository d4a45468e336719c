"""Tag names for pages that show entities (broadsheet.pagecache.dependencies).

Topic pages carry ``entity(pk)`` for each entity they show; the index and the map carry
``TOPICS``. The app showing them (topics) purges them: extraction writes mentions in
bulk and leaves the purge to the end of its task.
"""

TOPICS = "topics"


def entity(pk) -> str:
    """An entity's name, description, aliases, and which posts mention it."""
    return f"entity:{pk}"
