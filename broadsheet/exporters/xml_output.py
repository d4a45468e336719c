"""XML for other software to read, written the way WordPress writes its exports.

Elements are built with ElementTree, tags named by their prefix ("wp:post_id"), and
written here rather than by ElementTree, for two reasons. Text holding markup goes in
CDATA, as in WordPress's own exports: WordPress's importer reads them with SimpleXML,
or failing that expat, or failing both with regular expressions that do not decode
entities, and only CDATA reads the same in all three. And characters XML 1.0 forbids
(control characters pasted into a post) are dropped, where ElementTree would write a
file no parser accepts.
"""

import re
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MARKUP = re.compile("[<>&]")


def element_xml(element: Element, *, level: int = 0) -> str:
    """``element`` and its children as XML, indented with tabs from ``level``."""
    indent = "\t" * level
    attributes = "".join(
        f" {name}={quoteattr(_allowed(value))}" for name, value in element.attrib.items()
    )
    if len(element):
        children = "".join(f"\n{element_xml(child, level=level + 1)}" for child in element)
        return f"{indent}<{element.tag}{attributes}>{children}\n{indent}</{element.tag}>"
    return f"{indent}<{element.tag}{attributes}>{_text(element.text or '')}</{element.tag}>"


def _text(text: str) -> str:
    text = _allowed(text)
    if not _MARKUP.search(text):
        return text
    # "]]>" would end the section early: it is split across two, as WordPress does.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _allowed(text: str) -> str:
    return _FORBIDDEN.sub("", text)
