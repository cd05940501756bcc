"""The search box (Ctrl+K): type words, see questions, families, cards and examples, open one.

Up and Down move through the hits while typing; Enter or a double-click opens the hit: a study
card on the Study guide page, an example in the Workbench, and a question or a family's
variant in a small window to try it (answers there are not recorded).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.search import CARD, EXAMPLE, KIND_TITLES, Entry, SearchIndex, build_index
from app.ui.search_examples import WorkbenchExample, workbench_examples
from app.ui.widgets.math_label import plain_text

ROLE_ENTRY = Qt.ItemDataRole.UserRole
LINE_LIMIT = 96


def _elide(text: str) -> str:
    """One line of at most LINE_LIMIT characters (formulas already read as plain text)."""
    return text if len(text) <= LINE_LIMIT else text[: LINE_LIMIT - 1].rstrip() + "…"


class SearchField(QLineEdit):
    """The query line: Up, Down, PgUp and PgDn move through the hits below it."""

    def __init__(self, hits: QListWidget) -> None:
        super().__init__()
        self.hits = hits

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8}
        steps[Qt.Key.Key_PageDown] = 8
        step = steps.get(Qt.Key(event.key()))
        if step is not None and self.hits.count():
            row = min(max(self.hits.currentRow() + step, 0), self.hits.count() - 1)
            self.hits.setCurrentRow(row)
            return
        super().keyPressEvent(event)


class SearchPopup(QDialog):
    """A search field over a list of hits; opening a hit closes the popup."""

    def __init__(self, context: Any, window: Any) -> None:
        super().__init__(window)
        self.context, self.main_window = context, window
        self.setWindowTitle("Search")
        self.setAccessibleName("Search")
        self.index: SearchIndex | None = None
        self.examples: dict[str, WorkbenchExample] = {}
        self.preview: QDialog | None = None
        self.hits = QListWidget()
        self.hits.setAccessibleName("Hits")
        self.hits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hits.itemActivated.connect(self._activated)
        self.field = SearchField(self.hits)
        self.field.setPlaceholderText("Search questions, families, study cards and examples")
        self.field.setAccessibleName("Search words")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.update_hits)
        self.field.returnPressed.connect(self.open_current)
        self.note = QLabel("")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.note)
        self.resize(640, 460)

    def open_popup(self) -> None:
        """Show the popup with the field selected, building the index the first time."""
        if self.index is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                examples = workbench_examples()
                self.examples = {e.id: e for e in examples}
                self.index = build_index(e.as_search_entry() for e in examples)
            finally:
                QApplication.restoreOverrideCursor()
        self.field.selectAll()
        self.update_hits()
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()

    def update_hits(self) -> None:
        """List the hits for the words typed."""
        self.hits.clear()
        query = self.field.text()
        found = self.index.search(query) if self.index is not None else []
        for entry in found:
            title = plain_text(entry.title)
            line = _elide(f"{KIND_TITLES[entry.kind]}: {title}")
            item = QListWidgetItem(f"{line}\n{_elide(plain_text(entry.detail))}")
            item.setData(ROLE_ENTRY, entry)
            item.setToolTip(title)
            self.hits.addItem(item)
        if found:
            self.hits.setCurrentRow(0)
            self.note.setText("Enter opens the hit selected; Up and Down choose another.")
        elif query.strip():
            self.note.setText("Nothing matches every word. Try fewer or shorter words.")
        else:
            self.note.setText("Type words from a question, a card or an example.")

    def entries(self) -> list[Entry]:
        """The hits listed now, best first."""
        return [self.hits.item(r).data(ROLE_ENTRY) for r in range(self.hits.count())]

    def open_current(self) -> None:
        """Open the hit selected (Enter in the field)."""
        item = self.hits.currentItem()
        if item is not None:
            self._activated(item)

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_entry(item.data(ROLE_ENTRY))

    def open_entry(self, entry: Entry) -> QWidget:
        """Open a hit where it belongs; the popup closes."""
        self.hide()
        if entry.kind == CARD:
            page = self.main_window.show_page("guide")
            page.show_topic(entry.ref)
            return page
        if entry.kind == EXAMPLE:
            return self._open_example(self.examples[entry.ref])
        from app.ui.search_preview import QuestionPreview

        assert self.index is not None
        self.preview = QuestionPreview(self.index.question(entry), self.main_window)
        self.preview.show()
        return self.preview

    def _open_example(self, example: WorkbenchExample) -> QWidget:
        page = self.main_window.show_page("workbench")
        if example.is_network:
            page.tabs.setCurrentWidget(page.network_panel)
            page.network_editor.setPlainText(example.text)
            page.solve_network_now()
        else:
            page.tabs.setCurrentWidget(page.script_panel)
            page.script_editor.setPlainText(example.text)
            page.values_edit.setText(example.values)
            page.solve_script_now()
        return page
