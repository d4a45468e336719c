"""What corrections pages tell the page cache they show (broadsheet.pagecache)."""

# /corrections/, its pages and its feed: every note on every published post.
CORRECTIONS = "corrections"
