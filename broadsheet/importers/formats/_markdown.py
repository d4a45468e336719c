"""The common core of Markdown as HTML, for the Markdown cards of Ghost posts.

Covers what writers put in those cards: paragraphs (a single newline is a line
break, as in Ghost), ATX headings, fenced code, quotes, flat lists, rules, links,
images, bold, italic, inline code, and blocks of raw HTML. Not covered: nested
lists, tables, setext headings, reference links and HTML inside a paragraph, which
shows as text. The result is sanitised by the writer like any imported HTML.
"""

import html
import re
from collections.abc import Callable

_FENCE = re.compile(r"^\s*(```|~~~)\s*([\w+-]*)")
_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s*>\s?")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_RAW_HTML = re.compile(r"^\s*<[a-zA-Z!/]")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+&quot;(.*?)&quot;)?\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+&quot;.*?&quot;)?\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"\*(.+?)\*|(?<!\w)_(.+?)_(?!\w)")
# Stands in for a code span while the rest of the line is formatted.
_CODE_PLACEHOLDER = "\x00{}\x00"


def markdown_html(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif fence := _FENCE.match(line):
            index = _fenced_code(lines, index, fence, blocks)
        elif heading := _HEADING.match(line):
            level = len(heading[1])
            blocks.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
            index += 1
        elif _RULE.match(line):
            blocks.append("<hr>")
            index += 1
        elif _QUOTE.match(line):
            quoted, index = _run(lines, index, lambda text: bool(_QUOTE.match(text)))
            inner = "\n".join(_QUOTE.sub("", quoted_line, count=1) for quoted_line in quoted)
            blocks.append(f"<blockquote>{markdown_html(inner)}</blockquote>")
        elif _BULLET.match(line) or _NUMBERED.match(line):
            index = _list(lines, index, blocks)
        elif _RAW_HTML.match(line):
            raw, index = _run(lines, index, lambda text: bool(text.strip()))
            blocks.append("\n".join(raw))
        else:
            paragraph, index = _run(lines, index, _continues_paragraph)
            blocks.append(f"<p>{'<br>'.join(_inline(part.strip()) for part in paragraph)}</p>")
    return "\n".join(blocks)


def _run(lines: list[str], start: int, belongs: Callable[[str], bool]) -> tuple[list[str], int]:
    """The lines from ``start`` on for which ``belongs`` holds, and the index after them."""
    end = start + 1
    while end < len(lines) and belongs(lines[end]):
        end += 1
    return lines[start:end], end


def _continues_paragraph(line: str) -> bool:
    starts_block = (_FENCE, _HEADING, _RULE, _QUOTE, _BULLET, _NUMBERED)
    return bool(line.strip()) and not any(pattern.match(line) for pattern in starts_block)


def _fenced_code(lines: list[str], start: int, fence: re.Match[str], blocks: list[str]) -> int:
    end = start + 1
    while end < len(lines) and not lines[end].strip().startswith(fence[1]):
        end += 1
    code = html.escape("\n".join(lines[start + 1 : end]))
    language = f' class="language-{html.escape(fence[2])}"' if fence[2] else ""
    blocks.append(f"<pre><code{language}>{code}</code></pre>")
    return end + 1


def _list(lines: list[str], start: int, blocks: list[str]) -> int:
    marker = _BULLET if _BULLET.match(lines[start]) else _NUMBERED
    items: list[str] = []
    index = start
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        if marker.match(line):
            items.append(marker.sub("", line, count=1))
        elif _continues_paragraph(line):
            # An indented or lazy line continues the item above it.
            items[-1] += " " + line.strip()
        else:
            break
        index += 1
    tag = "ul" if marker is _BULLET else "ol"
    blocks.append(f"<{tag}>{''.join(f'<li>{_inline(item)}</li>' for item in items)}</{tag}>")
    return index


def _inline(text: str) -> str:
    spans: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        spans.append(f"<code>{html.escape(match[2].strip())}</code>")
        return _CODE_PLACEHOLDER.format(len(spans) - 1)

    text = html.escape(_CODE_SPAN.sub(set_aside, text))
    text = _IMAGE.sub(r'<img src="\2" alt="\1" title="\3">', text).replace(' title=""', "")
    text = _LINK.sub(r'<a href="\2">\1</a>', text)
    text = _BOLD.sub(lambda match: f"<strong>{match[1] or match[2]}</strong>", text)
    text = _ITALIC.sub(lambda match: f"<em>{match[1] or match[2]}</em>", text)
    for index, span in enumerate(spans):
        text = text.replace(_CODE_PLACEHOLDER.format(index), span)
    return text
