"""Qt item models over plain lists of frozen dataclasses, so views stay thin and testable.

Each model holds a list it never mutates in place: `set_rows(rows)` swaps the whole list,
which is how pages refresh from what a service returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

TOPIC_TITLES: dict[str, str] = {
    "purpose": "What backprop computes",
    "chain-rule": "Chain rule and graphs",
    "forward-backward": "Forward and backward passes",
    "gradient-descent": "Gradient descent",
    "activations": "Activations",
    "losses": "Losses",
    "mlp-backprop": "Backprop in an MLP",
    "batches": "Batches and epochs",
    "optimizers": "Optimizers",
    "vanishing-exploding": "Vanishing and exploding",
    "gradient-checking": "Gradient checking",
    "convolution": "Convolution and pooling",
    "normalization": "Normalization layers",
    "regularization": "Dropout, decay, clipping",
    "recurrent": "Backprop through time",
    "attention": "Attention and embeddings",
    "autodiff": "Forward and reverse mode",
}


def topic_title(topic: str) -> str:
    """A topic's display name (the id itself for a topic this table does not know)."""
    return TOPIC_TITLES.get(topic, topic)


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage, e.g. 0.734 -> '73%'."""
    return f"{round(share * 100)}%"


@dataclass(frozen=True)
class MasteryRow:
    """One topic and its mastery (mean predicted recall now, 0..1)."""

    topic: str
    mastery: float


@dataclass(frozen=True)
class ExamEntry:
    """One exam question in the navigator: where it is, whether answered or flagged."""

    index: int
    title: str
    topic: str
    answered: bool
    flagged: bool

    def label(self) -> str:
        """The navigator's text, e.g. '3. Chain rule — answered, flagged'."""
        state = "answered" if self.answered else "not answered"
        if self.flagged:
            state += ", flagged"
        return f"{self.index + 1}. {self.title} — {state}"


Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


class RowModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a list of frozen rows; subclasses name columns and cells."""

    headers: tuple[str, ...] = ()

    def __init__(self, rows: Sequence[Row] = ()) -> None:
        super().__init__()
        self._rows: list[Row] = list(rows)

    @property
    def rows(self) -> list[Row]:
        """The rows shown, in order (a copy)."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row at once."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        """The dataclass behind a row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,  # the whole text where a narrow column elides it
        ):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def cell(self, row: Row, column: int) -> str:
        """The text of one cell."""
        raise NotImplementedError


class MasteryModel(RowModel[MasteryRow]):
    """Topic mastery for the home page: topic name, then mastery as a percentage."""

    headers = ("Topic", "Mastery")

    @classmethod
    def from_series(cls, topics: Sequence[str], values: Sequence[float]) -> MasteryModel:
        """Built from the mastery series a service returns (x: topics, y: shares)."""
        return cls([MasteryRow(t, v) for t, v in zip(topics, values, strict=True)])

    def cell(self, row: MasteryRow, column: int) -> str:
        return topic_title(row.topic) if column == 0 else percent(row.mastery)


class ExamQuestionModel(RowModel[ExamEntry]):
    """The exam navigator: one line per question, saying answered or not and flagged."""

    headers = ("Question",)

    def cell(self, row: ExamEntry, column: int) -> str:
        return row.label()


class TopicScoreModel(RowModel[Any]):
    """An exam report's per-topic scores (rows are services.exam_report.TopicScore)."""

    headers = ("Topic", "Right", "Score")

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return topic_title(row.topic)
        if column == 1:
            return f"{row.correct} of {row.questions}"
        return percent(row.score)


class ReportItemModel(RowModel[Any]):
    """An exam report's questions (rows are services.exam_report.ExamItem)."""

    headers = ("Question", "Result")

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            title = row.question.title or topic_title(row.question.topic)
            flag = " (flagged)" if row.flagged else ""
            return f"{row.index + 1}. {title}{flag}"
        if not row.answered:
            return "blank"
        return "right" if row.verdict.correct else "wrong"


def when(moment: Any) -> str:
    """A past moment as a history lists it, e.g. '6 May 2024, 09:00'."""
    return f"{moment.day} {moment:%b %Y, %H:%M}"


class SessionModel(RowModel[Any]):
    """Past sessions (rows are services.history.SessionLine), two lines a cell so the list
    stays narrow: when and which mode; how many questions and the score."""

    headers = ("Session", "Result")

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            mode = row.mode_name if row.finished else f"{row.mode_name} (not finished)"
            return f"{when(row.started_at)}\n{mode}"
        blank = row.questions - row.answers
        count = f"{row.questions} question{'s' if row.questions != 1 else ''}"
        count += f", {blank} blank" if blank > 0 else ""
        return f"{count}\n{row.correct} right · {percent(row.score)}"


class AttemptModel(RowModel[Any]):
    """The answers of one session (rows are store records.Attempt): topic and result."""

    headers = ("Answer", "Result")

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            number = self._rows.index(row) + 1
            return f"{number}. {topic_title(row.topic)}"
        return "right" if row.correct else "wrong"
