"""ScreenTime: the seconds a widget was on screen while the app was active.

A question's time should be the time spent on it, not the time it sat open behind another
page, in a minimised window or while another program had the focus. ScreenTime follows the
widget's show and hide events (a page switched away hides it; minimising sends a spontaneous
hide) and the application's state (inactive when no window of the app has the focus).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def app_active() -> bool:
    """True while a window of this application has the focus."""
    app = QGuiApplication.instance()
    return isinstance(app, QGuiApplication) and (
        app.applicationState() == Qt.ApplicationState.ApplicationActive
    )


class ScreenTime(QObject):
    """Counts the time `widget` is shown in the active app; `changed(bool)` when that flips."""

    changed = Signal(bool)

    def __init__(self, widget: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(widget)
        self.clock = clock
        self._shown = widget.isVisible()
        self._active = app_active()
        self._since: float | None = None
        self._total = 0.0
        widget.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state)
        self._update()

    @property
    def on_screen(self) -> bool:
        """True while the time counts."""
        return self._since is not None

    def reset(self) -> None:
        """Start counting from zero (a new question is shown)."""
        self._total = 0.0
        if self._since is not None:
            self._since = self.clock()

    def seconds(self) -> float:
        """Seconds counted since the last reset."""
        running = 0.0 if self._since is None else self.clock() - self._since
        return self._total + max(running, 0.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the widget's show and hide events (minimising sends a spontaneous hide)."""
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._shown = event.type() == QEvent.Type.Show
            self._update()
        return False

    def _app_state(self, state: Qt.ApplicationState) -> None:
        self._active = state == Qt.ApplicationState.ApplicationActive
        self._update()

    def _update(self) -> None:
        counting = self._shown and self._active
        if counting == self.on_screen:
            return
        if counting:
            self._since = self.clock()
        else:
            self._total = self.seconds()
            self._since = None
        self.changed.emit(counting)
