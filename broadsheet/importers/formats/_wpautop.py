"""WordPress's ``wpautop``: paragraphs from text separated by blank lines.

Posts written in WordPress's classic editor are stored without ``<p>`` tags; WordPress
adds them each time it shows the post. This is a port of ``wpautop()`` (wp-includes/
formatting.php, WordPress 6.4), step for step, so that an imported post breaks into
the same paragraphs and line breaks it had. It leaves out the steps for ``<option>``,
``<object>`` and ``<source>`` markup, which the sanitiser drops anyway, and expects
HTML comments to be gone already.
"""

import re

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_BLOCK_TAG = rf"</?{_BLOCKS}[^>]*>"
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
# A placeholder wpautop treats as an empty <pre> block while it works around it.
_PRE_PLACEHOLDER = "<pre wp-pre-tag-{}></pre>"
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
_BEFORE_BLOCK_OPEN = re.compile(rf"(<{_BLOCKS}[\s/>])")
_AFTER_BLOCK_CLOSE = re.compile(rf"(</{_BLOCKS}>)")
_AFTER_HR = re.compile(r"(<hr\s*?/?>)")
_TAG = re.compile(r"<[^>]*>")
# Newlines inside a tag are not line breaks; they are set aside while lines are counted.
_NEWLINE_IN_TAG = " <!-- wpnl --> "
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
_UNCLOSED_IN_CONTAINER = re.compile(r"<p>([^<]+)</(div|address|form)>")
_WRAPPED_BLOCK_TAG = re.compile(rf"<p>\s*({_BLOCK_TAG})\s*</p>")
_WRAPPED_LIST_ITEM = re.compile(r"<p>(<li.+?)</p>")
_BLOCKQUOTE_IN_P = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE)
_P_BEFORE_BLOCK_TAG = re.compile(rf"<p>\s*({_BLOCK_TAG})")
_P_AFTER_BLOCK_TAG = re.compile(rf"({_BLOCK_TAG})\s*</p>")
_KEEP_NEWLINES = re.compile(r"<(script|style|svg|math).*?</\1>", re.DOTALL)
_KEPT_NEWLINE = "<WPPreserveNewline />"
_LINE_END = re.compile(r"(?<!<br />)\s*\n")
_BR_AFTER_BLOCK_TAG = re.compile(rf"({_BLOCK_TAG})\s*<br />")
_BR_BEFORE_BLOCK_TAG = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")
_TRAILING_NEWLINE = re.compile(r"\n</p>$")


def wpautop(text: str) -> str:
    """``text`` with ``<p>`` around its paragraphs and ``<br />`` at its single line ends."""
    if not text.strip():
        return ""
    text, pre_blocks = _set_aside_pre_blocks(text + "\n")
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _BEFORE_BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _AFTER_BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = _AFTER_HR.sub(r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG.sub(lambda tag: tag[0].replace("\n", _NEWLINE_IN_TAG), text)
    paragraphs = [part for part in _PARAGRAPH_BREAK.split(text) if part]
    text = "".join(f"<p>{part.strip('\n')}</p>\n" for part in paragraphs)
    text = _EMPTY_PARAGRAPH.sub("", text)
    text = _UNCLOSED_IN_CONTAINER.sub(r"<p>\1</p></\2>", text)
    text = _WRAPPED_BLOCK_TAG.sub(r"\1", text)
    text = _WRAPPED_LIST_ITEM.sub(r"\1", text)
    text = _BLOCKQUOTE_IN_P.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK_TAG.sub(r"\1", text)
    text = _P_AFTER_BLOCK_TAG.sub(r"\1", text)
    text = _line_breaks(text)
    text = _BR_AFTER_BLOCK_TAG.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK_TAG.sub(r"\1", text)
    text = _TRAILING_NEWLINE.sub("</p>", text)
    for index, pre in enumerate(pre_blocks):
        text = text.replace(_PRE_PLACEHOLDER.format(index), pre)
    return text.replace(_NEWLINE_IN_TAG, "\n").replace(_NEWLINE_IN_TAG.strip(), "\n")


def _set_aside_pre_blocks(text: str) -> tuple[str, list[str]]:
    """``text`` with each ``<pre>`` block replaced by a placeholder, and the blocks."""
    pre_blocks: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        pre_blocks.append(match[0])
        return _PRE_PLACEHOLDER.format(len(pre_blocks) - 1)

    return _PRE.sub(placeholder, text), pre_blocks


def _line_breaks(text: str) -> str:
    """A ``<br />`` at each remaining line end, except inside scripts, styles and SVG."""
    text = _KEEP_NEWLINES.sub(lambda match: match[0].replace("\n", _KEPT_NEWLINE), text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _LINE_END.sub("<br />\n", text)
    return text.replace(_KEPT_NEWLINE, "\n")
