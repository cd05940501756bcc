"""Text with inline `$...$` math as a word-wrapping QLabel, coloured by the theme.

Plain text is always HTML-escaped: pack text is never interpreted as markup. Simple formulas
become rich text (see tex_html); the rest are rendered once by matplotlib.mathtext (imported
on first use) into PNG images embedded as data URIs, cached by formula, colour, size and
device pixel ratio, so a high-DPI screen gets sharp math.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt, Signal
from PySide6.QtGui import QFontInfo, QImage, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.widgets.tex_html import tex_to_html, tex_to_plain

_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)


def segments(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_math, content) pieces; `\\$` stays a literal dollar sign."""
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in _MATH.finditer(text):
        if match.start() > last:
            pieces.append((False, text[last : match.start()]))
        pieces.append((True, match.group(1)))
        last = match.end()
    if last < len(text):
        pieces.append((False, text[last:]))
    return pieces


def plain_text(text: str) -> str:
    """The text with each formula read as plain text, for accessible names and tooltips."""
    return "".join(
        tex_to_plain(s) if is_math else s.replace("\\$", "$") for is_math, s in segments(text)
    )


def rich_text(text: str, color: str, pixel_size: int, ratio: float = 1.0) -> str:
    """Qt rich text for text with inline math: escaped plain text, HTML or image formulas."""
    parts = []
    for is_math, piece in segments(text):
        if not is_math:
            parts.append(html.escape(piece.replace("\\$", "$")).replace("\n", "<br>"))
            continue
        simple = tex_to_html(piece)
        if simple is not None:
            simple = simple.replace("</i><i>", "")
            nowrap = ' style="white-space:nowrap"' if len(piece) <= 40 else ""
            parts.append(f"<span{nowrap}>{simple}</span>")
        else:
            parts.append(_image_tag(piece, color, pixel_size, round(ratio * 4) / 4))
    return "".join(parts)


def _image_tag(tex: str, color: str, pixel_size: int, ratio: float) -> str:
    rendered = math_image(tex, color, pixel_size, ratio)
    if rendered is None:
        return f"<code>{html.escape(tex)}</code>"
    uri, width, height = rendered
    return f'<img src="{uri}" width="{width}" height="{height}" style="vertical-align: middle">'


@lru_cache(maxsize=1024)
def math_image(tex: str, color: str, pixel_size: int, ratio: float) -> tuple[str, int, int] | None:
    """(PNG data URI, logical width, logical height) of one formula; None if it won't parse.

    The image is padded so that the middle of the image sits half an x-height above the
    baseline; "vertical-align: middle" then lines the formula up with the text around it.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.mathtext import MathTextParser

    try:
        parsed = _parser(MathTextParser).parse(
            f"${tex}$", dpi=72 * ratio, prop=FontProperties(size=pixel_size)
        )
    except ValueError:
        return None
    import numpy as np

    alpha = np.asarray(parsed.image, dtype=np.uint8)
    height, _width = alpha.shape
    depth = round(parsed.depth)
    ascent = height - depth
    x_height = round(0.55 * pixel_size * ratio)
    top = max(0, depth + x_height - ascent)
    bottom = max(0, ascent - x_height - depth)
    alpha = np.pad(alpha, ((top + 1, bottom + 1), (1, 1)))
    rgba = np.zeros((*alpha.shape, 4), dtype=np.uint8)
    rgba[..., 0] = int(color[1:3], 16)
    rgba[..., 1] = int(color[3:5], 16)
    rgba[..., 2] = int(color[5:7], 16)
    rgba[..., 3] = alpha
    rgba = np.ascontiguousarray(rgba)
    h, w = alpha.shape
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs miss QIODevice
    uri = "data:image/png;base64," + bytes(data.toBase64().data()).decode("ascii")
    return uri, max(1, round(w / ratio)), max(1, round(h / ratio))


_parsers: dict[str, Any] = {}


def _parser(cls: type) -> Any:
    if "agg" not in _parsers:
        _parsers["agg"] = cls("agg")
    return _parsers["agg"]


class MathLabel(QLabel):
    """A word-wrapping label for text with `$...$` math; re-renders when the theme changes.

    Use `set_math_text(text)`; `math_text()` returns the source. `clicked` is emitted on a
    left click, so a label can stand in for a radio button's text.
    """

    clicked = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self._rendered: tuple[str, str, int, float] | None = None
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.set_math_text(text)

    def set_math_text(self, text: str) -> None:
        """Show text with inline math; its plain reading becomes the accessible name."""
        self._source = text
        self.setAccessibleName(plain_text(text))
        self._render()

    def math_text(self) -> str:
        """The source text, with its `$...$` formulas."""
        return self._source

    def plain(self) -> str:
        """What the label says, as plain text."""
        return plain_text(self._source)

    def _render(self) -> None:
        color = self.palette().color(self.foregroundRole()).name()
        size = QFontInfo(self.font()).pixelSize()
        key = (self._source, color, size, self.devicePixelRatioF())
        if key != self._rendered:  # a theme change sends each label several change events
            self._rendered = key
            self.setText(rich_text(self._source, color, size, key[3]))

    def changeEvent(self, event: QEvent) -> None:
        """Re-render when the palette, font or style changes (theme or text size)."""
        if event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self._render()
        super().changeEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Emit `clicked` on a left click inside the label."""
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)
