"""How much an import accepts: enough for any real blog, bounded against the rest.

A post of two million characters is a book of three hundred thousand words; a bigger
one is a mistake or an attack, and reading it would take the server's memory. Limits
on the files themselves (a saved page, a post's file in an export) keep what is read
into memory bounded before it is parsed; archives.py bounds what a zip unpacks to.
"""

from django.conf import settings

# A post's body, as HTML or text.
MAX_POST_CHARACTERS = getattr(settings, "IMPORT_MAX_POST_CHARACTERS", 2_000_000)
# One file read whole to make one post: a saved page (with its scripts and styles, often
# ten times its text), a Medium or Substack post's file.
MAX_POST_FILE_BYTES = getattr(settings, "IMPORT_MAX_POST_FILE_BYTES", 20 * 1024**2)


def too_large_text(text: str) -> bool:
    """Whether a post's raw body is past the limit, before anything is made of it."""
    return len(text) > MAX_POST_CHARACTERS


def too_large(size: int, limit: int, what: str) -> str:
    """The problem line for something over its limit, saying both sizes."""
    return (
        f"too large to import: {size:,} characters, where {what} may hold {limit:,}; "
        "split it, or copy it in by hand"
    )


def too_large_file(size: int, limit: int) -> str:
    return (
        f"too large to import: the file is {size:,} bytes, where one post's file may be "
        f"{limit:,}; split it, or copy it in by hand"
    )
