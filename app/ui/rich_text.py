"""Pack text as the rich text Qt's QTextDocument reads, for the PDF exam and key.

Text is HTML-escaped; mathtext ($...$) is typeset: the simple subset as rich text
(app.ui.widgets.tex_html), fractions and everything else as images drawn by
matplotlib.mathtext (app.ui.widgets.math_label.math_image), the renderer `pack validate` checks
every formula against. Printing a paragraph costs Qt time
in proportion to its length on every page it spans, so a long text is cut into paragraphs of
at most BLOCK characters (at a space when there is one; a long word is broken anyway, as Qt
wraps it): the time of a PDF stays linear in the length of its text.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

from app.ui.widgets.math_label import math_image
from app.ui.widgets.tex_html import tex_to_html

BLOCK = 2000
"""Most characters of text in one paragraph."""
BREAK = "\u2029"  # Unicode's paragraph separator: Qt's HTML reader starts a new block at it
MAX_MATH = 500  # a longer "$...$" is no formula: shown as text, so it can be cut too

PIXELS = 13  # the body's 10 pt at QTextDocument's 96 dpi
RATIO = 3.0  # formula images at 3 x 96 = 288 dpi, sharp on paper
_FRACTION = re.compile(r"\\[dt]?frac(?![A-Za-z])")
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)


@functools.lru_cache(maxsize=4096)
def math_html(tex: str) -> str:
    """Inline mathtext typeset for the PDF: the simple subset (letters, numbers, scripts,
    Greek, operators) as HTML text, anything more (a fraction, \\mathbb, a root) as an image
    matplotlib.mathtext draws, so a fraction is drawn as a fraction and no TeX shows raw.

    Cached: the formulas of a worked solution repeat in every variant of a question."""
    simple = None if _FRACTION.search(tex) else tex_to_html(tex)
    if simple is not None:
        simple = simple.replace("</i><i>", "")
        return f'<span style="white-space:nowrap">{simple}</span>' if len(tex) <= 40 else simple
    rendered = math_image(tex, "#000000", PIXELS, RATIO)
    if rendered is None:  # pack validation refuses such math; a family's would show as TeX
        return f"<code>{html.escape(tex, quote=False)}</code>"
    uri, width, height = rendered
    return f'<img src="{uri}" width="{width}" height="{height}" style="vertical-align: middle">'


def rich(text: str) -> str:
    """Pack text as HTML: escaped, math made readable, line breaks kept, and a long text cut
    into paragraphs of at most BLOCK characters (BREAK between them)."""
    parts: list[str] = []
    size = 0  # characters since the last paragraph break
    last = 0
    for match in _MATH.finditer(text):
        if len(match[1]) > MAX_MATH:
            continue
        size = _plain(text[last : match.start()].replace(r"\$", "$"), size, parts)
        if size >= BLOCK:
            parts.append(BREAK)
            size = 0
        parts.append(math_html(match[1]))
        size += len(match[1])
        last = match.end()
    _plain(text[last:].replace(r"\$", "$"), size, parts)
    return "".join(parts)


def plain_html(text: str) -> str:
    """Text shown as it is (a title): escaped and cut into paragraphs as `rich` does."""
    parts: list[str] = []
    _plain(text, 0, parts)
    return "".join(parts)


def _plain(text: str, size: int, parts: list[str]) -> int:
    """Append text as HTML to `parts`, a BREAK wherever the paragraph would pass BLOCK
    characters; returns the paragraph's length after it."""
    for n, piece in enumerate(_pieces(text, BLOCK - size)):
        if n:
            parts.append(BREAK)
            size = 0
        parts.append(html.escape(piece, quote=False).replace("\n", "<br>"))
        size += len(piece)
    return size


def _pieces(text: str, room: int) -> Iterator[str]:
    """`text` in pieces, the first at most `room` characters long and the others at most
    BLOCK; each ends at its last space, or before its last line break, in its second half."""
    start, limit = 0, max(room, 0)
    while len(text) - start > limit:
        end = start + limit
        space = text.rfind(" ", start + limit // 2, end)
        line = text.rfind("\n", start + limit // 2, end)
        if line > space:
            yield text[start:line]  # the paragraph break takes the line break's place
            start = line + 1
        else:
            end = space + 1 if space >= 0 else end
            yield text[start:end]
            start = end
        limit = BLOCK
    yield text[start:]


def item(html_text: str) -> str:
    """Rich text for a list item: the paragraphs after the first as <div>s, which Qt keeps
    inside the item (a BREAK there would number each paragraph as an item of its own)."""
    first, *rest = html_text.split(BREAK)
    return first + "".join(f"<div>{part}</div>" for part in rest)
