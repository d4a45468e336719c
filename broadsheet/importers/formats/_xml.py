"""Untrusted XML, streamed: a file of any size in the memory of one item, and no DTDs.

Everything goes through defusedxml with document type declarations refused outright.
An export never needs one, and a DTD is how an entity that expands to gigabytes
("billion laughs") or that reads this server's files (``file:///etc/passwd``) gets in.

A file that is not well-formed (WordPress plugins write a raw "&" into exports) may be
read again ``repaired``, as WordPress's own importer falls back on a tolerant parser:
bare ampersands are escaped as the file streams in, and lxml's recovering parser reads
past what else is broken. DTDs are refused there too, before parsing, and entities are
never loaded from anywhere.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from lxml import etree

from broadsheet.importers.errors import ImportFileError

_REFUSED = (
    "declares a DOCTYPE or entities, which an export never needs and which can expand "
    "to gigabytes or read files on this server; the file is refused"
)
NOT_WELL_FORMED = "not well-formed XML"
# An "&" that starts no character or entity reference.
_BARE_AMPERSAND = re.compile(
    rb"&(?!(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8});)"
)
# The longest reference an "&" at a chunk's end may start, held back for the next chunk.
_LONGEST_REFERENCE = 40
# Where the root element starts: declarations can only come before it.
_PROLOG_BYTES = 64 * 1024
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class NotWellFormed(ImportFileError):
    """The file is not well-formed XML, though otherwise acceptable: it may be repaired."""


def elements(path: Path, *, depth: int, repaired: bool = False) -> Iterator[Element]:
    """The elements ``depth`` levels below the root; see ``_strict_elements``.

    ``repaired`` reads a file that is not well-formed with a recovering parser, after
    escaping its bare ampersands: what it yields is the best reading of the file, and
    the caller says so.
    """
    if repaired:
        return _repaired_elements(path, depth=depth)
    return _strict_elements(path, depth=depth)


def _strict_elements(path: Path, *, depth: int) -> Iterator[Element]:
    """The elements ``depth`` levels below the root (at 0), each complete, then freed.

    The elements above them (the root, an RSS ``channel``) come as they open, with
    their tag and attributes but no children yet, so a caller can check what the file
    is before reading on. Each element at ``depth`` is detached once the caller moves
    past it. Bad or hostile XML raises ImportFileError with the line and column.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1: the root is never complete until the end")
    parser = DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True)
    try:
        events = iterparse(path, events=("start", "end"), parser=parser)
        yield from _complete_at_depth(events, depth)
    except ParseError as error:
        line, column = error.position
        message = f"{NOT_WELL_FORMED}: {ErrorString(error.code)}"
        raise NotWellFormed(path, _position(line, column), message) from error
    except DefusedXmlException as error:
        # expat still knows where it stopped; defusedxml's exceptions do not say.
        expat = parser.parser
        position = _position(expat.CurrentLineNumber, expat.CurrentColumnNumber)
        raise ImportFileError(path, position, _REFUSED) from error


def _repaired_elements(path: Path, *, depth: int) -> Iterator[Element]:
    with path.open("rb") as file:
        if _DECLARATION.search(file.read(_PROLOG_BYTES).partition(b"<rss")[0]):
            raise ImportFileError(path, None, _REFUSED)
    with path.open("rb") as file:
        events = etree.iterparse(
            _AmpersandsEscaped(file),
            events=("start", "end"),
            recover=True,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            yield from _complete_at_depth(events, depth)
        except etree.XMLSyntaxError as error:
            raise ImportFileError(
                path, f"line {error.lineno}", f"cannot be read even repaired: {error.msg}"
            ) from error


class _AmpersandsEscaped:
    """A binary file read with each bare "&" as "&amp;", chunk by chunk."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._held = b""

    def read(self, size: int = -1) -> bytes:
        chunk = self._held + self._file.read(size)
        self._held = b""
        if size > 0 and len(chunk) > _LONGEST_REFERENCE:
            # An "&" near the end may start a reference the next chunk finishes.
            last = chunk.rfind(b"&", len(chunk) - _LONGEST_REFERENCE)
            if last != -1:
                chunk, self._held = chunk[:last], chunk[last:]
        return _BARE_AMPERSAND.sub(b"&amp;", chunk)


def local_name(tag: str) -> str:
    """``{namespace}name`` without its namespace."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    """The namespace of ``{namespace}name``; empty for a tag without one."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _position(line: int, column: int) -> str:
    # expat counts columns from 0; editors count them from 1.
    return f"line {line}, column {column + 1}"


def _complete_at_depth(events, depth: int) -> Iterator:
    """From (event, element) pairs of either parser: the elements above ``depth`` as they
    open, each one at ``depth`` once complete, then detached from its parent."""
    open_elements: list = []
    for event, element in events:
        if event == "start":
            if len(open_elements) < depth:
                yield element
            open_elements.append(element)
            continue
        open_elements.pop()
        if len(open_elements) == depth:
            yield element
            open_elements[-1].remove(element)
