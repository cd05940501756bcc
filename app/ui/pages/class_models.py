"""The Class page's tables: one Qt model over a service table (header and plain rows).

Cells show shares as percentages, seconds with one decimal and times as dates; sorting uses
the raw values (an empty cell sorts last), so the view sorts numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.ui.models import topic_title

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex

TITLES = {
    "learner": "Learner",
    "attempts": "Answers",
    "share_right": "Right",
    "mastery": "Mastery",
    "last_active": "Last active",
    "reviews_due": "Due",
    "skill": "Question / skill",
    "question": "Question",
    "topic": "Topic",
    "learners": "Learners",
    "discrimination": "Discrimination",
    "median_seconds": "Median s",
    "top_mistakes": "Top mistakes (learners)",
    "mistake": "Id",
    "name": "Mistake",
    "skills": "Questions",
}
_SHARES = {"share_right", "mastery", "accuracy"}


def column_title(key: str) -> str:
    """A column's heading: a mastery-per-topic column is the topic's name."""
    if key.startswith("mastery:"):
        return topic_title(key.split(":", 1)[1])
    return TITLES.get(key, key)


def cell_text(key: str, value: Any) -> str:
    """One cell as the page shows it."""
    if value is None or value == "":
        return "–"
    if key in _SHARES or key.startswith("mastery:"):
        return f"{100 * value:.0f}%"
    if key == "discrimination":
        return f"{value:+.2f}"
    if key == "median_seconds":
        return f"{value:.1f}"
    if key == "last_active":
        return str(value)[:10]
    if key == "topic":
        return topic_title(str(value))
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class TableModel(QAbstractTableModel):
    """A read-only table of plain rows under named columns."""

    def __init__(self, header: Sequence[str] = (), rows: Sequence[Sequence[Any]] = ()) -> None:
        super().__init__()
        self.header: tuple[str, ...] = tuple(header)
        self.rows: list[Sequence[Any]] = list(rows)

    def set_table(self, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Replace the columns and rows at once."""
        self.beginResetModel()
        self.header, self.rows = tuple(header), list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_title(self.header[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        key, value = self.header[index.column()], self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(key, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_text(key, value)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SortProxy(QSortFilterProxyModel):
    """Sorts by raw values; an empty value sorts after every other."""

    def __init__(self, source: TableModel) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or a == "":
            return False
        if b is None or b == "":
            return True
        if isinstance(a, str) or isinstance(b, str):
            return str(a).lower() < str(b).lower()
        return bool(a < b)


def table_view(model: TableModel, name: str) -> QTableView:
    """A sortable, read-only, row-selecting view of a model."""
    view = QTableView()
    view.setModel(SortProxy(model))
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # as given
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "pack:bank/…-04" keeps its end
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setResizeContentsPrecision(60)  # fitting reads 60 rows, not all
    view.setAccessibleName(name)
    return view
