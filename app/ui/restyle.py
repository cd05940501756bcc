"""Replace the application's font, palette and stylesheet quickly, with every page built.

A theme or text-size change must settle within 150 ms. Qt's own ways cost seconds here: see
`replace_stylesheet` and `_StyleChangeHold`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QScrollArea


def replace_stylesheet(app: QApplication, sheet: str, font: QFont, palette: QPalette) -> None:
    """Set the font, palette and stylesheet with two linear passes over the widgets.

    Replacing one application stylesheet by another re-polishes every widget once for each of
    its ancestors (Qt's QStyleSheetStyle::repolish walks each cached widget's subtree): about
    two seconds with every page built. Removing the old sheet and then setting the new one
    polishes each widget twice, whatever its depth.
    """
    _HOLD.holding = True
    for widget in app.allWidgets():
        if isinstance(widget, QScrollArea):
            widget.installEventFilter(_HOLD)  # once: Qt does not install a filter twice
    try:
        if app.styleSheet():
            app.setStyleSheet("")
        app.setFont(font)
        app.setPalette(palette)
        app.setStyleSheet(sheet)
    finally:
        _HOLD.holding = False
    for widget in app.allWidgets():
        if isinstance(widget, QScrollArea) and widget.isVisible():
            _HOLD.release(widget)


class _StyleChangeHold(QObject):
    """Holds back the style changes sent to scroll areas while the stylesheet is replaced;
    an area then gets one, at once if it is visible, else when it is next shown.

    A scroll area measures its whole contents on every style change (word-wrapped labels,
    rich text): with two passes over the widgets, that was 40% of a theme change, most of it
    on pages not shown.
    """

    holding = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow style changes while holding; release a held area when it is shown."""
        if event.type() == QEvent.Type.StyleChange:
            return self.holding
        if event.type() == QEvent.Type.Show and isinstance(watched, QScrollArea):
            self.release(watched)
        return False

    def release(self, area: QScrollArea) -> None:
        """Stop holding this area and send it one style change."""
        area.removeEventFilter(self)
        QCoreApplication.sendEvent(area, QEvent(QEvent.Type.StyleChange))


_HOLD = _StyleChangeHold()
