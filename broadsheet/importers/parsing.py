"""Readings several import formats share: dates, addresses, slugs, and HTML fragments."""

import csv
import datetime as dt
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.text import slugify
from lxml import etree
from lxml import html as lxml_html

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.records import AuthorRecord, ImageRecord
from broadsheet.importers.slugs import clean_slug

# For posts whose source names no author. Honest if it is ever published, and easy for
# an editor to find and rename.
UNKNOWN_AUTHOR = AuthorRecord(name="Unknown author")
UNKNOWN_AUTHOR_NOTE = (
    f"filed under {UNKNOWN_AUTHOR.name!r}; to credit the real author, import again with "
    f"--author-map and a line '{UNKNOWN_AUTHOR.name},Their Name'"
)

# A day without a time is kept on that day: noon survives any later move of the site's
# time zone by up to eleven hours.
_DAY_ONLY_TIME = dt.time(12, 0)
_DAY_ONLY_LENGTH = len("2024-03-03")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BRACKETED_EMAIL = re.compile(r"[(<\[]\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)>\]]")
_BRACKETED_NAME = re.compile(r"\((?P<name>[^()]*)\)")
# A long post's Wix Rich Content is far past csv's default limit of 128 KiB a field.
_CSV_FIELD_SIZE_LIMIT = 64 * 1024**2


def iso_datetime(value: str) -> dt.datetime | None:
    """An ISO 8601 date-time (or bare date) as an aware datetime; None when it is not one.

    A date-time without an offset is taken as UTC, the zone export formats write in.
    """
    value = value.strip()
    try:
        if len(value) == _DAY_ONLY_LENGTH:
            day = dt.date.fromisoformat(value)
            return timezone.make_aware(dt.datetime.combine(day, _DAY_ONLY_TIME))
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def utf8_text(file: Path, *, path: Path, item: str | None = None) -> str:
    """The text of ``file``; ImportFileError when it is not UTF-8.

    The error names ``path``, the file the import was given, and ``item`` within it:
    ``file`` may be inside an unpacked archive, at a temporary path.
    """
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            path, item, f"not UTF-8 text (byte offset {error.start}); save it as UTF-8"
        ) from error


@contextmanager
def csv_file_rows(
    file: Path, *, path: Path, name: str = ""
) -> Iterator[tuple[list[str], Iterator[dict[str, str]]]]:
    """The header of the CSV ``file`` and its rows, read one at a time as they are asked
    for, each cell stripped ("" for a missing one).

    Errors name ``path`` and the row, in the CSV file ``name`` when that is inside it:
    ``file`` may be inside an unpacked archive, at a temporary path.
    """
    # Raised, never lowered: the limit is the whole process's, and may be higher already.
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_SIZE_LIMIT))
    with file.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.DictReader(text)

        def fail(error: Exception, problem: str) -> ImportFileError:
            item = f"{name} row {reader.line_num}".strip()
            return ImportFileError(path, item, problem)

        def rows() -> Iterator[dict[str, str]]:
            try:
                for row in reader:
                    yield {
                        key: (value or "").strip()
                        for key, value in row.items()
                        if isinstance(key, str)
                    }
            except csv.Error as error:
                raise fail(error, f"not valid CSV ({error})") from error
            except UnicodeDecodeError as error:
                raise fail(error, "not UTF-8 text; save it as UTF-8") from error

        try:
            columns = list(reader.fieldnames or ())
        except csv.Error as error:
            raise fail(error, f"not valid CSV ({error})") from error
        except UnicodeDecodeError as error:
            raise ImportFileError(
                path, name or None, f"not UTF-8 text (byte offset {error.start}); save it as UTF-8"
            ) from error
        yield columns, rows()


def export_time(path: Path) -> dt.datetime:
    """When the export at ``path`` was last changed: the date for posts it leaves undated.

    Stable while the file is, so importing the same export again changes nothing; to the
    second, as a post's date is shown and kept in its revisions.
    """
    return dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.UTC)


def url_path(url: str) -> str:
    """The path of ``url`` ("/p/slug" of "https://example.com/p/slug"), "" when it has none."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:  # an address urllib cannot read, such as "http://[::1"
        return ""
    return path if path.startswith("/") else ""


def url_host(url: str) -> str:
    """The host name of ``url``, "" when it has none or cannot be read."""
    try:
        return urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""


def title_slug(title: str) -> str:
    # A title in a non-Latin script has no ASCII slug; keep its own letters instead.
    return slugify(title) or clean_slug(title)


def url_slug(url: str) -> str:
    """The slug an address ends with ("talks-resume" of ".../2024/03/talks-resume/").

    Percent-encoded letters of any script are decoded and kept. "" when its last segment
    has no letters, as in "/?p=123" or "/1234567890".
    """
    segment = PurePosixPath(unquote(url_path(url))).stem
    slug = clean_slug(segment)
    return slug if any(character.isalpha() for character in slug) else ""


def name_without_email(text: str) -> str:
    """A byline's name without the email address feeds put beside it.

    "Sam Ruby (rubys@example.org)", "rubys@example.org (Sam Ruby)" and
    "Sam Ruby <rubys@example.org>" all give "Sam Ruby"; an address alone gives what is
    before its "@".
    An address is personal data, and a byline is no place for it.
    """
    original = text
    text = _BRACKETED_EMAIL.sub(" ", text)
    bracketed = _BRACKETED_NAME.fullmatch(_EMAIL.sub(" ", text).strip())
    text = bracketed["name"] if bracketed else _EMAIL.sub(" ", text)
    name = " ".join(text.split()).strip(" ,;-")
    if not name and (address := _EMAIL.search(original)):
        # An address is all there is: its local part names the person, the rest is theirs.
        return address[0].partition("@")[0]
    return name


def html_document(data: bytes) -> lxml_html.HtmlElement | None:
    """``data`` parsed as an HTML page; None when it holds no markup at all."""
    try:
        return lxml_html.document_fromstring(data)
    except etree.ParserError:
        return None


def fragment(markup: str) -> lxml_html.HtmlElement:
    """``markup`` parsed as the children of one <div>, however many top-level elements it has."""
    return lxml_html.fragment_fromstring(markup or "", create_parent="div")


def inner_html(element: etree._Element) -> str:
    """The markup inside ``element``, without the element's own tag."""
    head = html.escape(element.text or "", quote=False)
    return head + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in element
    )


def images_in(element: etree._Element) -> tuple[ImageRecord, ...]:
    """The pictures ``element`` shows with alt text or a caption, once each.

    Only those: the writer finds every <img> of a body itself, and needs telling only
    what the markup does not carry on the <img> alone, such as a figure's caption.
    """
    images: dict[str, ImageRecord] = {}
    for image in element.iter("img"):
        url = (image.get("src") or "").strip()
        alt, caption = (image.get("alt") or "").strip(), _caption(image)
        if url and url not in images and (alt or caption):
            images[url] = ImageRecord(url=url, alt=alt, caption=caption)
    return tuple(images.values())


def element_text(element: etree._Element) -> str:
    """The text of ``element`` with its whitespace collapsed, as a reader sees it."""
    return " ".join("".join(element.itertext()).split())


def remove_element(element: etree._Element) -> None:
    """Take ``element`` out of its tree, keeping the text that follows it."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def remove_empty_paragraphs(element: etree._Element) -> None:
    """Remove the paragraphs with neither text nor a picture: spacing, not writing."""
    for paragraph in list(element.iter("p")):
        if not element_text(paragraph) and paragraph.find(".//img") is None:
            remove_element(paragraph)


def xpath_has_class(name: str) -> str:
    """An XPath test for an element whose class attribute lists ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _caption(image: etree._Element) -> str:
    figure = next(image.iterancestors("figure"), None)
    caption = figure.find(".//figcaption") if figure is not None else None
    return element_text(caption) if caption is not None else ""
