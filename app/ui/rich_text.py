"""Pack text as the rich text Qt's QTextDocument reads, for the PDF exam and key.

Text is HTML-escaped; mathtext ($...$) becomes readable text with Greek letters, sub- and
superscripts, since a QTextDocument cannot typeset TeX. Printing a paragraph costs Qt time
in proportion to its length on every page it spans, so a long text is cut into paragraphs of
at most BLOCK characters (at a space when there is one; a long word is broken anyway, as Qt
wraps it): the time of a PDF stays linear in the length of its text.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

BLOCK = 2000
"""Most characters of text in one paragraph."""
BREAK = "\u2029"  # Unicode's paragraph separator: Qt's HTML reader starts a new block at it
MAX_MATH = 500  # a longer "$...$" is no formula: shown as text, so it can be cut too

SYMBOLS = {
    r"\partial": "∂",
    r"\delta": "δ",
    r"\sigma": "σ",
    r"\eta": "η",
    r"\cdot": "·",
    r"\sum": "Σ",
    r"\times": "×",
    r"\alpha": "α",
    r"\beta": "β",
    r"\lambda": "λ",
    r"\tanh": "tanh",
    r"\log": "log",
    r"\exp": "exp",
    r"\max": "max",
    r"\min": "min",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\approx": "≈",
    r"\nabla": "∇",
    r"\epsilon": "ε",
    r"\theta": "θ",
    r"\mathrm": "",
    r"\left": "",
    r"\right": "",
    r"\,": " ",
    r"\ ": " ",
    r"\;": " ",
    r"\quad": "  ",
    r"\to": "→",
    r"\hat": "",
}
_SYMBOL = re.compile("|".join(re.escape(k) for k in sorted(SYMBOLS, key=len, reverse=True)))
_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|(\w))")
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)


@functools.lru_cache(maxsize=4096)
def math_html(tex: str) -> str:
    """Inline mathtext as HTML: \\frac a/b, Greek letters, <sub> and <sup>, italics.

    Cached: the formulas of a worked solution repeat in every variant of a question."""
    text = html.escape(tex, quote=False)
    for _ in range(3):  # nested fractions, innermost first
        text = _FRAC.sub(r"(\1)/(\2)", text)
    text = _SYMBOL.sub(lambda m: SYMBOLS[m[0]], text)
    text = _SCRIPT.sub(
        lambda m: (
            f"<{'sub' if m[1] == '_' else 'sup'}>{m[2] or m[3]}</{'sub' if m[1] == '_' else 'sup'}>"
        ),
        text,
    )
    return "<i>" + text.replace("{", "").replace("}", "") + "</i>"


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
