"""Medium's export: the zip Medium mails, unpacked or not, or its posts/ folder.

Each posts/*.html file is one post in h-entry markup: the title (.p-name), subtitle
(the excerpt), body (section[data-field="body"]), tags (.p-tag), author (.p-author,
else the exporting account's name from profile/profile.html), publication time
(time.dt-published) and Medium address (a.p-canonical, redirected from by its path).

A file named draft_* or without a publication time is a draft; Medium gives it no date,
so it takes the export's. The body's opening repeats the title and subtitle as headings,
which the post page already shows; they are dropped. Slugs come from titles: Medium's
addresses end in a post id Broadsheet's don't, so they are redirected, not kept.

Responses (comments written as stories) are exported like posts, without any link to
the story they answer, so they cannot become comments on it; each is skipped with a
note. Medium marks them only by shape: no subtitle, no title heading in the body, and a
title that is the opening of the text.
"""

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from broadsheet.importers.archives import export_folder, zip_entry_names, zip_entry_start
from broadsheet.importers.errors import ImportFileError
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
from broadsheet.importers.records import AuthorRecord, NoteRecord, PostRecord, PostStatus

DESCRIPTION = "a Medium export: its .zip, the folder it unpacks to, or its posts/ folder"

_POSTS = "posts"
_PROFILE = Path("profile", "profile.html")
_DRAFT_PREFIX = "draft_"
_POST_ENTRY = re.compile(r"posts/[^/]+\.html")
_H_ENTRY = b'class="h-entry"'
# Each exported post opens with Medium's whole style sheet before its <article>.
_DETECT_BYTES = 256 * 1024
# Medium names files "<date>_<Title>-<post id>.html"; the id is what stays the same.
_POST_ID = re.compile(r"-(?P<id>[0-9a-f]{8,})$")
_HEADINGS = {"h1", "h2", "h3", "h4"}

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
    first = next((n for n in zip_entry_names(path) if _POST_ENTRY.fullmatch(n)), None)
    return first is not None and _is_medium_post(zip_entry_start(path, first, _DETECT_BYTES))


def parse(path: Path) -> Iterator[PostRecord | NoteRecord]:
    """Every post in the export, in file-name order; responses skipped with a note."""
    with export_folder(path) as folder:
        posts = _posts_folder(folder)
        if posts is None:
            raise ImportFileError(path, None, "no posts/ folder of Medium posts in the export")
        profile_author = _profile_author(posts.parent / _PROFILE)
        undated = export_time(path)
        for post_file in sorted(posts.glob("*.html")):
            yield _post(post_file, profile_author=profile_author, undated=undated)


def _posts_folder(folder: Path) -> Path | None:
    """``folder``/posts, or ``folder`` itself when it is the posts folder."""
    if (folder / _POSTS).is_dir():
        return folder / _POSTS
    return folder if folder.name == _POSTS and folder.is_dir() else None


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


def _post(
    post_file: Path, *, profile_author: AuthorRecord, undated: dt.datetime
) -> PostRecord | NoteRecord:
    page = html_document(post_file.read_bytes())
    item = f"posts/{post_file.name}"
    titles = _TITLE(page) if page is not None else []
    title = element_text(titles[0]) if titles else ""
    bodies = _BODY(page) if page is not None else []
    if not title or not bodies:
        return NoteRecord(item, "skipped: not a Medium post (it has no .p-name title or body)")
    body = bodies[0]
    subtitles = _SUBTITLE(page)
    subtitle = element_text(subtitles[0]) if subtitles else ""
    if _is_response(body, title=title, has_subtitle=bool(subtitles)):
        return NoteRecord(
            item,
            f"skipped {title!r}: a response to another story, and Medium's export does not "
            "say which, so it cannot be imported as a comment on it",
        )
    _drop_repeated_heading(body, title=title, subtitle=subtitle)
    published = [moment for value in _PUBLISHED(page) if (moment := iso_datetime(value))]
    is_draft = post_file.name.startswith(_DRAFT_PREFIX) or not published
    authors = _AUTHOR(page)
    author = element_text(authors[0]) if authors else ""
    canonical = _CANONICAL(page)
    return PostRecord(
        source_id=f"medium:{_post_id(post_file)}",
        title=title,
        slug=title_slug(title),
        author=AuthorRecord(name=author) if author else profile_author,
        date=published[0] if published else undated,
        status=PostStatus.DRAFT if is_draft else PostStatus.PUBLISHED,
        body_html=inner_html(body).strip(),
        excerpt=subtitle,
        tags=tuple(dict.fromkeys(filter(None, map(element_text, _TAGS(page))))),
        old_urls=_old_urls(canonical[0] if canonical else ""),
        images=images_in(body),
    )


def _old_urls(canonical: str) -> tuple[str, ...]:
    """The Medium address, as a whole (the post's source) and as a path to redirect.

    The path is what a custom domain moved to Broadsheet receives.
    """
    return tuple(dict.fromkeys(filter(None, (canonical, url_path(canonical)))))


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
