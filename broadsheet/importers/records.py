"""The neutral records every import format produces and the writer stores."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from broadsheet.importers.results import Kind

if TYPE_CHECKING:
    from broadsheet.importers.images import ImageLibrary
    from broadsheet.importers.results import Changes


class PostStatus(StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"
    # Published at its date, which is still to come: it goes live then.
    SCHEDULED = "scheduled"
    # Published for the source's own editors only: signed-in editors can read it here.
    PRIVATE = "private"


class PostKind(StrEnum):
    POST = "post"
    # A standalone page (About, Contact): not in the blog's lists or feeds.
    PAGE = "page"


class CommentKind(StrEnum):
    COMMENT = "comment"
    # Another site announcing that it links to the post, not a reader talking.
    PINGBACK = "pingback"
    TRACKBACK = "trackback"


class CommentStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"
    REJECTED = "rejected"


@dataclass(frozen=True)
class AuthorRecord:
    """An author, matched to an existing one by name.

    ``slug`` and ``bio`` are used when the author is created, never to overwrite an
    author the site has. ``email`` is not stored: the site's authors have none.
    """

    name: str
    slug: str = ""
    bio: str = ""
    email: str = ""


@dataclass(frozen=True)
class CategoryRecord:
    """A category as the source defines it; ``parent`` names its parent category.

    ``parent`` is the parent's name, or failing that its slug (WordPress gives the
    slug). Formats yield these before the posts that use them, so a hierarchy is known
    before any post is filed under it; a parent may come after its children.
    """

    name: str
    slug: str = ""
    parent: str = ""
    description: str = ""


@dataclass(frozen=True)
class ImageRecord:
    """A picture used by a post: a file inside the export (``path``) or a remote ``url``.

    ``url`` is also the address the post's HTML uses for it (its ``<img src>``), so the
    writer can point the body at the imported copy. A record with only a ``url`` is
    fetched when the import is run with --fetch-images. Formats need not list every
    ``<img>`` of a body: the writer finds those itself. They list the pictures they
    know more about (a file in the export, alt text, a caption) and the cover image.
    """

    url: str = ""
    path: Path | None = None
    alt: str = ""
    caption: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        if not (self.url or self.path):
            raise ValueError("an image needs a url, a path, or both")


@dataclass(frozen=True)
class CommentRecord:
    """A reader's comment. ``parent_source_id`` threads a reply under another comment.

    ``source_id`` is unique within the post: importing again updates the comment it
    made. ``body`` is plain text, shown escaped with its line breaks; a format whose
    comments are HTML turns them into text, keeping each link's address.
    """

    source_id: str
    author_name: str
    body: str
    date: dt.datetime
    author_email: str = ""
    author_url: str = ""
    status: CommentStatus = CommentStatus.APPROVED
    parent_source_id: str = ""
    kind: CommentKind = CommentKind.COMMENT

    def __post_init__(self) -> None:
        if self.date.tzinfo is None:
            raise ValueError(f"comment {self.source_id}: the date must be timezone-aware")


@dataclass(frozen=True)
class NoteRecord:
    """Something a format chose not to import, or changed on the way, and why: reported,
    never a failure.

    ``skipped`` is the kind of thing the note says was left out (a post the source
    gave no date), counted as skipped; None when nothing was left out.
    """

    item: str
    message: str
    skipped: Kind | None = None


@dataclass(frozen=True)
class ProblemRecord:
    """An item a format found it cannot import at all (a post too large to read): counted
    as failed, told as a problem naming the item, while the rest of the file goes on."""

    item: str
    message: str
    kind: Kind = Kind.POST


@dataclass(frozen=True)
class MediaFolderRecord:
    """A folder of the export holding the pictures its posts show, such as a WordPress
    ``uploads`` folder or a Ghost ``content/images`` folder.

    A picture a post shows by address is taken from this folder when a file of that
    name is in it, instead of being fetched or left a link. Good for the rest of the file
    it came from.
    """

    folder: Path


@dataclass(frozen=True)
class OldAddressRecord:
    """An address of the source's listings (a category's, a tag's, an author's page) that
    now has a Broadsheet equivalent: it is redirected there.

    ``target`` is "category", "tag" or "author", named by ``name`` as the posts name it.
    """

    old_url: str
    target: str
    name: str


@dataclass(frozen=True)
class PostRecord:
    """One post as its source describes it, before anything touches the database.

    ``source_id`` names the post within its source ("text:<slug>", later "wxr:<guid>"),
    so that importing the same archive again finds the post the first import made.

    A ``PostKind.PAGE`` record becomes a standalone page at /<slug>/: pages have no
    author, tags, category or comments, and the writer notes any it is given.
    """

    source_id: str
    title: str
    slug: str
    author: AuthorRecord
    date: dt.datetime
    # The body: plain paragraphs (text dumps) or HTML from the source, unsanitised;
    # the writer sanitises HTML and turns it into body blocks. When both are given,
    # body_html wins.
    paragraphs: tuple[str, ...] = ()
    body_html: str = ""
    excerpt: str = ""
    tags: tuple[str, ...] = ()
    category: str = ""
    status: PostStatus = PostStatus.PUBLISHED
    kind: PostKind = PostKind.POST
    # Every address the post had at its source (paths or full URLs): each answers
    # with a permanent redirect to the post's new address. The first full URL is
    # kept as the post's source address.
    old_urls: tuple[str, ...] = ()
    # When the source last changed the post; shown as the post's last update.
    modified: dt.datetime | None = None
    sticky: bool = False
    cover_image: ImageRecord | None = None
    images: tuple[ImageRecord, ...] = ()
    comments: tuple[CommentRecord, ...] = ()
    # The language the source says the post is in (a BCP 47 tag, "ar" or "fa-IR"), ""
    # when it does not say: the writer then tells right-to-left scripts by their letters.
    language: str = ""
    # What search engines and shares show, when the source set it apart from the title
    # and excerpt (Yoast SEO on WordPress, meta fields on Ghost).
    seo_title: str = ""
    search_description: str = ""
    # A page filed under another page of the same import (WordPress's page hierarchy),
    # named by that page's source_id.
    parent_source_id: str = ""

    def __post_init__(self) -> None:
        # A naive date would be read in whatever time zone the server runs in, and
        # shift the post's day; formats must say which zone their dates are in.
        if self.date.tzinfo is None:
            raise ValueError(f"{self.source_id}: the post date must be timezone-aware")
        if self.modified is not None and self.modified.tzinfo is None:
            raise ValueError(f"{self.source_id}: the modified date must be timezone-aware")


class OwnRecord(Protocol):
    """A record its format stores itself, for what the records above cannot carry: a
    Broadsheet export's bodies, block for block, and its pictures, authors and redirects.

    ``store`` runs in a transaction of its own, with the run's image library, so that a
    rollback takes away the files of the pictures it stored. ``item`` names the record in
    the report; ``kind`` is what it counts as if it fails, None for nothing counted.
    """

    @property
    def kind(self) -> "Kind | None": ...

    @property
    def item(self) -> str: ...

    def store(self, *, images: "ImageLibrary") -> "Changes": ...


# What a format's parse() yields: categories before the posts filed under them, and
# notes about what it left out, mixed with the posts in any order.
Record = (
    CategoryRecord
    | PostRecord
    | NoteRecord
    | ProblemRecord
    | MediaFolderRecord
    | OldAddressRecord
    | OwnRecord
)
