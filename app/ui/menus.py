"""The menu bar (File, Go, Help), the shortcut sheet and the About box.

The menus' actions carry the window-wide shortcuts (Ctrl+1..9, Ctrl+K, F1, Ctrl+Q), taken
from the one table in `app.ui.shortcuts`, so a key and its menu entry never disagree.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import platformdirs
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.shortcuts import page_shortcuts, sequences, sheet_rows

APP_NAME = "backprop-quiz"
LICENCE = "MIT"


def app_version() -> str:
    """The installed version of Backprop Quiz, or "unknown" when run from an uninstalled copy."""
    import importlib.metadata  # only when asked: it takes longer to import than the window

    try:
        return importlib.metadata.version(APP_NAME)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _action(
    window: QMainWindow,
    text: str,
    slot: Callable[[], object],
    keys: Sequence[QKeySequence] = (),
) -> QAction:
    action = QAction(text, window)
    action.setShortcuts(list(keys))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window: Any, pages: Sequence[tuple[str, str]]) -> dict[str, QAction]:
    """Add File, Go and Help to the window's menu bar; return the actions by shortcut id."""
    bar = window.menuBar()
    actions: dict[str, QAction] = {}
    existing = {action.text(): action.menu() for action in bar.actions() if action.menu()}
    file_menu, go_menu, help_menu = (
        existing.get(title) or bar.addMenu(title) for title in ("&File", "&Go", "&Help")
    )
    go_keys = page_shortcuts(pages)
    for page_id, title in pages:
        key = f"go.{page_id}"
        keys = sequences(key, go_keys) if any(row.id == key for row in go_keys) else []
        action = _action(window, title, partial(window.show_page, page_id), keys)
        go_menu.addAction(action)
        actions[key] = action
    go_menu.addSeparator()
    actions["app.search"] = _action(window, "&Search…", window.show_search, sequences("app.search"))
    go_menu.addAction(actions["app.search"])
    if "go.settings" in actions:
        file_menu.addAction(actions["go.settings"])
        file_menu.addSeparator()
    actions["app.quit"] = _action(window, "&Quit", window.close, sequences("app.quit"))
    file_menu.addAction(actions["app.quit"])
    actions["app.help"] = _action(
        window, "&Keyboard shortcuts", window.show_shortcuts, sequences("app.help")
    )
    help_menu.addAction(actions["app.help"])
    actions["app.about"] = _action(window, "&About Backprop Quiz", window.show_about)
    help_menu.addAction(actions["app.about"])
    for action in actions.values():
        window.addAction(action)  # the keys work while the menu bar is hidden or unfocused
    return actions


class ShortcutSheet(QDialog):
    """Every shortcut in a table of three aligned columns: keys, where, what."""

    def __init__(self, pages: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        rows = sheet_rows(pages)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName("Shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Where", "What it does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Everything can be done from the keyboard:"))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's text, row by row (what a reader sees)."""
        table = self.table

        def text(row: int, column: int) -> str:
            item = table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(table.rowCount())]


def about_text(settings: dict[str, Any]) -> str:
    """Version, licence and where the learner's data is kept, as rich text."""
    data = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    lines = [
        f"<b>Backprop Quiz</b> {app_version()}",
        "Learn backpropagation by doing it.",
        f"Licence: {LICENCE}",
        f"Data folder: {html.escape(data)}",
    ]
    if settings.get("db_in_use"):
        lines.append(f"Progress database: {html.escape(str(settings['db_in_use']))}")
    if settings.get("config_file"):
        lines.append(f"Settings file: {html.escape(str(settings['config_file']))}")
    return "<br>".join(lines)


def about_box(settings: dict[str, Any], parent: QWidget | None = None) -> QMessageBox:
    """The About box, opened without blocking."""
    box = QMessageBox(parent)
    box.setWindowTitle("About Backprop Quiz")
    box.setAccessibleName("About Backprop Quiz")
    box.setText(about_text(settings))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box
