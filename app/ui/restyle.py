"""Replace the application's font, palette and stylesheet quickly, with every page built.

A theme or text-size change must settle within 150 ms. Qt's own ways cost seconds here: see
`replace_stylesheet`, `_StyleChangeHold` and `_Deferred`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import Qt


def _polished() -> Qt.WidgetAttribute:
    """Qt's "polished" widget attribute, looked up on use: the `Qt` namespace builds some 140
    enums when first touched (30 ms), which start-up leaves until after the first paint."""
    from PySide6.QtCore import Qt

    return Qt.WidgetAttribute.WA_WState_Polished


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
        parent = widget.parentWidget()
        if not widget.isVisible() and (parent is None or parent.isVisible()):
            _DEFERRED.defer(widget)
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


class _Deferred(QObject):
    """Restyles a hidden part of the window (a page not shown) when it is next shown.

    Qt repolishes only widgets marked polished, so clearing the mark on a hidden subtree
    keeps the stylesheet change from touching it; with most pages hidden that is most of the
    work. When the subtree's root is shown, each widget is polished with the sheet then in
    force and told its style changed, before anything is painted.
    """

    def defer(self, root: QWidget) -> None:
        """Leave this hidden subtree out of the coming change; restyle it when shown."""
        skipped = False
        polished = _polished()
        for widget in (root, *root.findChildren(QWidget)):
            if widget.testAttribute(polished):
                widget.setAttribute(polished, False)
                skipped = True
        if skipped:
            root.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the root's Show, polish what the change skipped."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            self.restyle(watched)
        return False

    @staticmethod
    def restyle(root: QWidget) -> None:
        """Polish every widget of the subtree that is not polished, parents first, then tell
        each its style changed."""
        polished = _polished()
        restyled = [w for w in (root, *root.findChildren(QWidget)) if not w.testAttribute(polished)]
        for widget in restyled:
            widget.style().polish(widget)
            widget.setAttribute(polished, True)
        for widget in restyled:  # once all are polished: a page measures its children's fonts
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.StyleChange))


_DEFERRED = _Deferred()
