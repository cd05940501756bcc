"""For the real-window tests only: where every visible widget is, written to a JSON file on request.

With `BACKPROP_QUIZ_TEST_GEOMETRY=PATH` set, the app watches for `PATH.request` (a file the
test writes, holding a number); it then writes PATH with that number and, for every visible
widget of every visible window: class, object name, accessible name, text, global geometry
in screen pixels, and whether it is enabled, checked and focused. The test moves the mouse
and types with real X events; the app only says where things are. Without the variable
nothing here is imported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from questions.atomic import write_text

ENV_VAR = "BACKPROP_QUIZ_TEST_GEOMETRY"
POLL_MS = 50


def describe(widget: QWidget) -> dict[str, Any]:
    """One widget as the tests read it: names, text, global rectangle and state."""
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    text = ""
    if isinstance(widget, QAbstractButton | QLabel | QLineEdit):
        text = widget.text()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    return {
        "class": type(widget).__name__,
        "name": widget.objectName(),
        "accessible": widget.accessibleName(),
        "text": text,
        "window": widget.window().windowTitle(),
        "rect": [top_left.x(), top_left.y(), widget.width(), widget.height()],
        "enabled": widget.isEnabled(),
        "checked": isinstance(widget, QAbstractButton) and widget.isChecked(),
        "focus": widget.hasFocus(),
    }


def snapshot(app: QApplication) -> dict[str, Any]:
    """Every visible widget of every visible window, and which window is active."""
    widgets = []
    for top in app.topLevelWidgets():
        if not top.isVisible():
            continue
        widgets.append(describe(top))
        inside = (w for w in top.findChildren(QWidget) if w.window() is top)  # not its dialogs
        widgets += [describe(w) for w in inside if w.isVisible()]
    active = app.activeWindow()
    return {"active": active.windowTitle() if active is not None else None, "widgets": widgets}


class Probe(QObject):
    """Polls for a request file and answers it with a snapshot."""

    def __init__(self, app: QApplication, path: Path) -> None:
        super().__init__(app)
        self.app, self.path = app, path
        self.request = path.with_name(path.name + ".request")
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.answer)
        self.timer.start(POLL_MS)

    def answer(self) -> None:
        """Write a snapshot if one was asked for since the last one."""
        try:
            number = self.request.read_text(encoding="utf-8").strip()
        except OSError:
            return
        if not number:  # a request still being written: read it whole at the next poll
            return
        self.request.unlink(missing_ok=True)
        data = {"request": number, **snapshot(self.app)}
        write_text(self.path, json.dumps(data))


def install(app: QApplication, path: str) -> Probe:
    """Start answering snapshot requests for the file at `path`."""
    return Probe(app, Path(path))
