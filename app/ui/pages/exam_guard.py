"""The window's two exam hooks: ask before closing during an exam, and bring the learner to
an exam they left unfinished. Both are cheap when there is no exam: this module imports Qt's
dialog only to ask, and the services only once a learner is loaded."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

_offered: weakref.WeakKeyDictionary[Any, set[int]] = weakref.WeakKeyDictionary()


def close_question(parent: QWidget) -> tuple[QMessageBox, QPushButton]:
    """The question asked when the window closes during an exam, and its "Close" button."""
    from PySide6.QtWidgets import QMessageBox  # not before the window's first paint (6 ms)

    box = QMessageBox(parent)
    box.setObjectName("examCloseDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("An exam is under way")
    box.setText("Close the app during the exam?")
    box.setInformativeText(
        "Every answer is saved, and the exam is offered again at the next start. Its clock "
        "keeps running while the app is closed."
    )
    close = box.addButton("Close (the exam is saved)", QMessageBox.ButtonRole.AcceptRole)
    close.setObjectName("examCloseConfirm")
    stay = box.addButton("Keep answering", QMessageBox.ButtonRole.RejectRole)
    stay.setObjectName("examCloseCancel")
    box.setDefaultButton(stay)
    return box, close


def ask_before_closing(
    page: Any, parent: QWidget, answer: Callable[[QMessageBox], object] | None = None
) -> bool:
    """True when the window may close: no exam under way, or the learner chose to close
    (`answer` shows the question and waits, QMessageBox.exec by default; tests answer it
    themselves)."""
    running = getattr(page, "exam_running", None)
    if not callable(running) or not running():
        return True
    box, close = close_question(parent)
    if answer is None:
        box.exec()
    else:
        answer(box)
    return box.clickedButton() is close


def offer_unfinished_exam(window: Any) -> None:
    """Once a learner is loaded: show the Exam page if they left an exam unfinished (each
    exam once per window; the page itself offers to resume it or shows it submitted)."""
    services, profile = window.context.services, window.context.profile
    if services is None or profile is None:
        return
    from app.services.exam_resume import unfinished_exam

    try:
        found = unfinished_exam(services.ctx, profile.id)
    except Exception:
        return
    offered = _offered.setdefault(window, set())
    if found is None or found.record.id in offered:
        return
    offered.add(found.record.id)
    if window.current_page_id() != "exam":
        window.show_page("exam")
