"""Medium's export: the zip Medium mails, unpacked or not, or its posts/ folder.

Each posts/*.html file is one post in h-entry markup: the title (.p-name), subtitle
(the excerpt), body (section[data-field="body"]), tags (.p-tag), author (.p-author,
else the exporting account's name from profile/profile.html), publication time
(time.dt-published) and Medium address (a.p-canonical, redirected from by its path, as
is the short link /p/<id>). The zip may hold it all in a folder of its own
(medium-export/posts/…).

A file named draft_* or without a publication time is a draft; Medium gives it no date,
so it takes the export's. The body's opening repeats the title and subtitle as headings,
which the post page already shows; they are dropped. Slugs come from titles: Medium's
addresses end in a post id Broadsheet's don't, so they are redirected, not kept. Two
posts with one title are two posts: the writer numbers the second one's address.

Responses (comments written as stories) are exported like posts. One that links to a
story of the export becomes a comment on it; the others, whose story Medium's export
does not name, are kept as drafts tagged "Medium response", for an editor to publish,
turn into a comment, or delete. Medium marks responses only by shape: no subtitle, no
title heading in the body, and a title that is the opening of the text.
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from broadsheet.importers import limits
from broadsheet.importers.archives import export_folder, zip_entry_names, zip_entry_start
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats._html import text_with_links
from broadsheet.importers.parsing import (
    UNKNOWN_AUTHOR,
    element_text,
    export_time,
    html_document,
    images_in,
    inner_html,
    iso_datetime,
    remove_element,
    title_slug,
    url_path,
    xpath_has_class,
)
from broadsheet.importers.records import (
    AuthorRecord,
    CommentRecord,
    MediaFolderRecord,
    NoteRecord,
    PostRecord,
    PostStatus,
    ProblemRecord,
    Record,
)

DESCRIPTION = "a Medium export: its .zip, the folder it unpacks to, or its posts/ folder"

_POSTS = "posts"
_PROFILE = Path("profile", "profile.html")
_DRAFT_PREFIX = "draft_"
# posts/<file>, perhaps in one folder the whole export sits in.
_POST_ENTRY = re.compile(r"(?:[^/]+/)?posts/[^/]+\.html")
_H_ENTRY = b'class="h-entry"'
# Each exported post opens with Medium's whole style sheet before its <article>.
_DETECT_BYTES = 256 * 1024
# Medium names files "<date>_<Title>-<post id>.html", and addresses "…/<slug>-<post id>";
# the id is what stays the same.
_POST_ID = re.compile(r"-(?P<id>[0-9a-f]{8,})$")
_MEDIUM = "https://medium.com/"
_HEADINGS = {"h1", "h2", "h3", "h4"}
RESPONSE_TAG = "Medium response"

_TITLE = etree.XPath(f"//*[{xpath_has_class('p-name')}]")
_SUBTITLE = etree.XPath('//section[@data-field="subtitle"]')
_BODY = etree.XPath('//section[@data-field="body"]')
_TAGS = etree.XPath(f"//*[{xpath_has_class('p-tag')}]")
_AUTHOR = etree.XPath(f"//*[{xpath_has_class('p-author')}]")
_PUBLISHED = etree.XPath(f"//time[{xpath_has_class('dt-published')}]/@datetime")
_CANONICAL = etree.XPath(f"//a[{xpath_has_class('p-canonical')}]/@href")
_GRAFS = etree.XPath(f".//*[{xpath_has_class('graf')}]")
_TITLE_GRAF = etree.XPath(f".//*[{xpath_has_class('graf--title')}]")
_FIRST_DIVIDER = etree.XPath(f"(.//*[{xpath_has_class('section-divider')}])[1]")
_PROFILE_NAME = etree.XPath(f"//*[{xpath_has_class('h-card')}]//*[{xpath_has_class('p-name')}]")


def detect(path: Path) -> bool:
    """A Medium export zip or folder, recognised by an h-entry post in its posts/ folder."""
    if path.is_dir():
        posts = _posts_folder(path)
        first = next(posts.glob("*.html"), None) if posts else None
        if first is None:
            return False
        with first.open("rb") as post:
            return _is_medium_post(post.read(_DETECT_BYTES))
    if path.suffix.lower() != ".zip":
        return False
    entry = next((n for n in zip_entry_names(path) if _POST_ENTRY.fullmatch(n)), None)
    return entry is not None and _is_medium_post(zip_entry_start(path, entry, _DETECT_BYTES))


def parse(path: Path) -> Iterator[Record]:
    """Every post in the export, in file-name order, with the responses to it as comments;
    responses to stories not in the export as drafts."""
    with export_folder(path) as folder:
        posts = _posts_folder(folder)
        if posts is None:
            raise ImportFileError(path, None, "no posts/ folder of Medium posts in the export")
        profile_author = _profile_author(posts.parent / _PROFILE)
        undated = export_time(path)
        # Pictures saved with the posts are taken from here rather than fetched.
        yield MediaFolderRecord(posts.parent)
        files = sorted(posts.glob("*.html"))
        # First the responses, to find the story each answers: Medium's ids are in file
        # names, so a story can be recognised in a response's links without reading it.
        ids = {_post_id(post_file) for post_file in files}
        responses: dict[str, list[CommentRecord]] = {}
        for post_file in files:
            entry = _entry(post_file, profile_author=profile_author, undated=undated)
            if isinstance(entry, _Entry) and entry.is_response:
                answered = entry.answered(ids)
                if answered:
                    responses.setdefault(answered, []).append(entry.comment(answered))
        for post_file in files:
            entry = _entry(post_file, profile_author=profile_author, undated=undated)
            if not isinstance(entry, _Entry):
                yield entry
            elif not entry.is_response:
                yield entry.post(comments=responses.get(entry.id, []))
            elif not entry.answered(ids):
                yield NoteRecord(
                    entry.item,
                    f"{entry.title!r} is a response to another story, which Medium's export "
                    f"does not name: kept as a draft tagged {RESPONSE_TAG!r}, to publish, "
                    "copy as a comment or delete",
                )
                yield entry.post(comments=[], as_response=True)


@dataclass
class _Entry:
    """One post file, read."""

    file: Path
    page: etree._Element
    body: etree._Element
    title: str
    subtitle: str
    is_response: bool
    profile_author: AuthorRecord
    undated: dt.datetime

    @property
    def item(self) -> str:
        return f"posts/{self.file.name}"

    @property
    def id(self) -> str:
        return _post_id(self.file)

    @property
    def author(self) -> AuthorRecord:
        authors = _AUTHOR(self.page)
        name = element_text(authors[0]) if authors else ""
        return AuthorRecord(name=name) if name else self.profile_author

    @property
    def published(self) -> dt.datetime | None:
        moments = [moment for value in _PUBLISHED(self.page) if (moment := iso_datetime(value))]
        return moments[0] if moments else None

    def answered(self, ids: set[str]) -> str:
        """The id of the story of the export this response links to, "" for none."""
        for href in self.body.xpath(".//a/@href"):
            match = _POST_ID.search(url_path(urljoin(_MEDIUM, href)).rstrip("/"))
            if match and match["id"] in ids and match["id"] != self.id:
                return match["id"]
        return ""

    def comment(self, answered: str) -> CommentRecord:
        return CommentRecord(
            source_id=f"medium:{self.id}",
            author_name=self.author.name,
            body=text_with_links(inner_html(self.body)),
            date=self.published or self.undated,
        )

    def post(self, *, comments: list[CommentRecord], as_response: bool = False) -> PostRecord:
        if not as_response:
            _drop_repeated_heading(self.body, title=self.title, subtitle=self.subtitle)
        _embeds_made_absolute(self.body)
        published = self.published
        is_draft = as_response or self.file.name.startswith(_DRAFT_PREFIX) or not published
        canonical = _CANONICAL(self.page)
        tags = tuple(dict.fromkeys(filter(None, map(element_text, _TAGS(self.page)))))
        return PostRecord(
            source_id=f"medium:{self.id}",
            title=self.title,
            slug=title_slug(self.title),
            author=self.author,
            date=published or self.undated,
            status=PostStatus.DRAFT if is_draft else PostStatus.PUBLISHED,
            body_html=inner_html(self.body).strip(),
            excerpt=self.subtitle,
            tags=(*tags, RESPONSE_TAG) if as_response else tags,
            old_urls=_old_urls(canonical[0] if canonical else "", self.id),
            images=images_in(self.body),
            comments=tuple(comments),
        )


def _entry(
    post_file: Path, *, profile_author: AuthorRecord, undated: dt.datetime
) -> _Entry | NoteRecord | ProblemRecord:
    item = f"posts/{post_file.name}"
    size = post_file.stat().st_size
    if size > limits.MAX_POST_FILE_BYTES:
        return ProblemRecord(item, limits.too_large_file(size, limits.MAX_POST_FILE_BYTES))
    page = html_document(post_file.read_bytes())
    titles = _TITLE(page) if page is not None else []
    title = element_text(titles[0]) if titles else ""
    bodies = _BODY(page) if page is not None else []
    if not title or not bodies:
        return NoteRecord(item, "skipped: not a Medium post (it has no .p-name title or body)")
    subtitles = _SUBTITLE(page)
    return _Entry(
        file=post_file,
        page=page,
        body=bodies[0],
        title=title,
        subtitle=element_text(subtitles[0]) if subtitles else "",
        is_response=_is_response(bodies[0], title=title, has_subtitle=bool(subtitles)),
        profile_author=profile_author,
        undated=undated,
    )


def _posts_folder(folder: Path) -> Path | None:
    """``folder``/posts, the posts folder of the one folder inside ``folder``, or ``folder``
    itself when it is the posts folder."""
    if (folder / _POSTS).is_dir():
        return folder / _POSTS
    if folder.name == _POSTS and folder.is_dir():
        return folder
    inner = [child for child in folder.iterdir() if child.is_dir()] if folder.is_dir() else []
    if len(inner) == 1 and (inner[0] / _POSTS).is_dir():
        return inner[0] / _POSTS
    return None


def _is_medium_post(start: bytes) -> bool:
    return _H_ENTRY in start


def _profile_author(profile: Path) -> AuthorRecord:
    """The exporting account's display name, for posts that do not name their author."""
    if not profile.is_file():
        return UNKNOWN_AUTHOR
    document = html_document(profile.read_bytes())
    names = _PROFILE_NAME(document) if document is not None else []
    name = element_text(names[0]) if names else ""
    return AuthorRecord(name=name) if name else UNKNOWN_AUTHOR


def _old_urls(canonical: str, post_id: str) -> tuple[str, ...]:
    """The Medium address, as a whole (the post's source) and as a path to redirect, and
    the short link Medium gives every post, /p/<id>.

    The paths are what a custom domain moved to Broadsheet receives.
    """
    short_link = f"/p/{post_id}" if _POST_ID.search(f"-{post_id}") else ""
    return tuple(dict.fromkeys(filter(None, (canonical, url_path(canonical), short_link))))


def _post_id(post_file: Path) -> str:
    match = _POST_ID.search(post_file.stem)
    return match["id"] if match else post_file.stem


def _is_response(body: etree._Element, *, title: str, has_subtitle: bool) -> bool:
    if has_subtitle or _TITLE_GRAF(body):
        return False
    # Medium titles a response with its opening words, cut short with an ellipsis.
    return element_text(body).startswith(title.rstrip("…. "))


def _drop_repeated_heading(body: etree._Element, *, title: str, subtitle: str) -> None:
    """Remove the headings that open the body by repeating the title and the subtitle."""
    repeated = {title, subtitle} - {""}
    for graf in _GRAFS(body):
        if graf.tag not in _HEADINGS or element_text(graf) not in repeated:
            break
        remove_element(graf)
    # A rule opens every section; before the first, it only separates the post from
    # the title Medium printed above it.
    for divider in _FIRST_DIVIDER(body):
        remove_element(divider)


def _embeds_made_absolute(body: etree._Element) -> None:
    """Medium writes an embed's player as /media/<id>, an address on medium.com."""
    for frame in body.iter("iframe"):
        src = (frame.get("src") or "").strip()
        if src.startswith("/") and not src.startswith("//"):
            frame.set("src", urljoin(_MEDIUM, src))
