"""Untrusted XML, streamed: a file of any size in the memory of one item, and no DTDs.

Everything goes through defusedxml with document type declarations refused outright.
An export never needs one, and a DTD is how an entity that expands to gigabytes
("billion laughs") or that reads this server's files (``file:///etc/passwd``) gets in.
"""

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse

from broadsheet.importers.errors import ImportFileError

_REFUSED = (
    "declares a DOCTYPE or entities, which an export never needs and which can expand "
    "to gigabytes or read files on this server; the file is refused"
)


def elements(path: Path, *, depth: int) -> Iterator[Element]:
    """The elements ``depth`` levels below the root (at 0), each complete, then freed.

    The elements above them (the root, an RSS ``channel``) come as they open, with
    their tag and attributes but no children yet, so a caller can check what the file
    is before reading on. Each element at ``depth`` is detached once the caller moves
    past it. Bad or hostile XML raises ImportFileError with the line and column.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1: the root is never complete until the end")
    parser = DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True)
    open_elements: list[Element] = []
    try:
        for event, element in iterparse(path, events=("start", "end"), parser=parser):
            if event == "start":
                if len(open_elements) < depth:
                    yield element
                open_elements.append(element)
                continue
            open_elements.pop()
            if len(open_elements) == depth:
                yield element
                open_elements[-1].remove(element)
    except ParseError as error:
        line, column = error.position
        message = f"not well-formed XML: {ErrorString(error.code)}"
        raise ImportFileError(path, _position(line, column), message) from error
    except DefusedXmlException as error:
        # expat still knows where it stopped; defusedxml's exceptions do not say.
        expat = parser.parser
        position = _position(expat.CurrentLineNumber, expat.CurrentColumnNumber)
        raise ImportFileError(path, position, _REFUSED) from error


def local_name(tag: str) -> str:
    """``{namespace}name`` without its namespace."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    """The namespace of ``{namespace}name``; empty for a tag without one."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _position(line: int, column: int) -> str:
    # expat counts columns from 0; editors count them from 1.
    return f"line {line}, column {column + 1}"
