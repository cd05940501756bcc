"""What a key does on a question view: before answering, 1-9 pick a choice and H reveals a
hint; after, 1-4 override the rating, S and A reveal the worked solution's next step or all
of it, V asks for another variant and N for the next question (Enter is the view's own).

A mixin: the view (app.ui.widgets.question_view) holds the state, the entry and the layout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from app.ui.widgets.answer_entry import AnswerEntry
from app.ui.widgets.question_layout import QuestionLayout

ANSWERING, WAITING, ANSWERED = "answering", "waiting", "answered"


class QuestionKeys:
    """The plain keys of a question view (a mixin: the view holds what they act on)."""

    _state: str
    entry: AnswerEntry | None
    ui: QuestionLayout
    reveal_hint: Callable[[], bool]
    next_requested: Any  # the view's Signal()
    another_variant_requested: Any  # the view's Signal()

    def _handle_key(self, key: int) -> bool:
        digit = key - Qt.Key.Key_0 if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 else 0
        if self._state == ANSWERING:
            if digit and self.entry is not None:
                return self.entry.choose(digit)
            if key == Qt.Key.Key_H:
                return self.reveal_hint()
            return False
        if self._state != ANSWERED:
            return False
        ui = self.ui
        if 1 <= digit <= 4 and not ui.rating.isHidden():
            ui.rating.choose(digit)
            return True
        actions: dict[int, Callable[[], object]] = {
            Qt.Key.Key_S: ui.solution.reveal_next,
            Qt.Key.Key_A: ui.solution.reveal_all,
            Qt.Key.Key_N: self.next_requested.emit,
        }
        if key == Qt.Key.Key_V and not ui.variant_button.isHidden():
            self.another_variant_requested.emit()
            return True
        if key in actions:
            actions[key]()
            return True
        return False
