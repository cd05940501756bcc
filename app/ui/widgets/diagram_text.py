"""Diagram labels typeset the way the prompt's mathtext shows the same names.

The prompt writes w5 as $w_{5}$, b_h1 as $b_{h1}$ and h1_2 as $h_{1_2}$: an italic letter with
an upright subscript. `runs` splits a label ("w5 = 0.4", "net=-0.3") into such pieces, and
`text_width` / `draw_text` measure and paint them with QPainter, minus signs as real minus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter

NAME = re.compile(r"(?<![\w.])(?:(b)_([A-Za-z0-9]+)|([A-Za-z])(\d+)(?:_(\d+))?|([A-Za-z]))(?![\w])")
"""A name typeset as math: b_h1, w5, h1_2, or a lone letter (x, f, L)."""

SCALE = (1.0, 0.72, 0.58)
"""Font size by subscript level."""
DROP = (0.0, 0.28, 0.45)
"""How far below the baseline each subscript level sits, in ascents of the base font."""


@dataclass(frozen=True)
class Run:
    """A piece of a label: its text, subscript level (0 on the line) and whether italic."""

    text: str
    level: int = 0
    italic: bool = False


@lru_cache(4096)
def runs(text: str) -> tuple[Run, ...]:
    """The label as runs: names as italic letters with subscripts, other text as it is."""
    text = re.sub(r"(?<![\w])-(?=[\d.])", "\u2212", text)
    pieces: list[Run] = []
    at = 0
    for found in NAME.finditer(text):
        if found.start() > at:
            pieces.append(Run(text[at : found.start()]))
        bias, bias_sub, letter, digits, deeper, lone = found.groups()
        if bias:
            pieces += [Run("b", 0, True), Run(bias_sub, 1)]
        elif letter:
            pieces += [Run(letter, 0, True), Run(digits, 1)]
            if deeper:
                pieces.append(Run(deeper, 2))
        else:
            pieces.append(Run(lone, 0, True))
        at = found.end()
    if at < len(text):
        pieces.append(Run(text[at:]))
    return tuple(pieces)


def _font(base: QFont, run: Run) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * SCALE[run.level])
    font.setItalic(run.italic)
    return font


def text_width(text: str, font: QFont) -> float:
    """How wide the typeset label is in this font."""
    return _width(text, font.key())


@lru_cache(8192)
def _width(text: str, key: str) -> float:
    font = QFont()
    font.fromString(key)
    return sum(QFontMetricsF(_font(font, r)).horizontalAdvance(r.text) for r in runs(text))


def draw_text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
) -> None:
    """Paint the typeset label in rect, vertically centred, centred or left-aligned."""
    metrics = QFontMetricsF(font)
    width = text_width(text, font)
    x = rect.left() if align & Qt.AlignmentFlag.AlignLeft else rect.center().x() - width / 2
    baseline = rect.center().y() + (metrics.ascent() - metrics.descent()) / 2
    for run in runs(text):
        run_font = _font(font, run)
        painter.setFont(run_font)
        painter.drawText(QPointF(x, baseline + DROP[run.level] * metrics.ascent()), run.text)
        x += QFontMetricsF(run_font).horizontalAdvance(run.text)
    painter.setFont(font)
