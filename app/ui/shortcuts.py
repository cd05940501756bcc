"""Every keyboard shortcut of the app in one table: it binds them and it writes the F1 sheet.

A page binds its keys with `bind("exam.flag", self, self.toggle_flag)`; the window's keys are
menu actions that take theirs from `sequences(...)`. Keys read by a widget's own key handler
(the question view's 1-9, H, S, A, V, N) are rows with `bound=False`: listed, not bound here.
Because the sheet is made from the same rows that bind, it cannot miss a shortcut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QToolButton, QWidget


@dataclass(frozen=True)
class Shortcut:
    """One row: an id to bind by, the key sequences, where it works, and what it does."""

    id: str
    keys: tuple[str, ...]
    where: str
    what: str
    bound: bool = True  # False: a widget's key handler reads these keys itself
    label: str = ""  # how the sheet shows the keys, when not simply the keys joined

    @property
    def shown_keys(self) -> str:
        """The keys as the sheet shows them."""
        return self.label or " or ".join(self.keys)


EVERYWHERE = "Everywhere"
QUESTION = "A question"
ANSWERED = "After answering"

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("app.search", ("Ctrl+K",), EVERYWHERE, "Search questions, cards and examples"),
    Shortcut("app.help", ("F1",), EVERYWHERE, "This list of shortcuts"),
    Shortcut("app.quit", ("Ctrl+Q",), EVERYWHERE, "Quit"),
    Shortcut("focus.button", ("Enter",), EVERYWHERE, "Press the focused button", bound=False),
    Shortcut("focus.move", ("Tab",), EVERYWHERE, "Move between controls", False, "Tab / Shift+Tab"),
    Shortcut("question.choose", ("1",), QUESTION, "Choose an answer", False, "1–9"),
    Shortcut("question.submit", ("Return",), QUESTION, "Submit the answer", False, "Enter"),
    Shortcut("question.hint", ("H",), QUESTION, "Show a hint", bound=False),
    Shortcut("question.rate", ("1",), ANSWERED, "Rate: Again, Hard, Good, Easy", False, "1–4"),
    Shortcut("question.step", ("S",), ANSWERED, "Show the next worked step", bound=False),
    Shortcut("question.steps", ("A",), ANSWERED, "Show every worked step", bound=False),
    Shortcut("question.variant", ("V",), ANSWERED, "Another variant", bound=False),
    Shortcut("question.next", ("N",), ANSWERED, "Next question", False, "N or Enter"),
    Shortcut("setup.start", ("Return", "Enter"), "Practice setup", "Start", label="Enter"),
    Shortcut("exam.previous", ("PgUp",), "Exam", "Previous question"),
    Shortcut("exam.next", ("PgDown",), "Exam", "Next question", label="PgDn"),
    Shortcut("exam.flag", ("Ctrl+F",), "Exam", "Flag or unflag the question"),
    Shortcut(
        "exam.submit", ("Ctrl+Return", "Ctrl+Enter"), "Exam", "Submit the exam", label="Ctrl+Enter"
    ),
    Shortcut("report.next", ("N",), "Exam report", "Review the next question"),
    Shortcut("guide.reveal", ("A",), "Study guide", "Show the next model answer"),
    Shortcut("history.next", ("N",), "History", "Review the next answer of the session"),
    Shortcut("workbench.error", ("F8",), "Workbench", "Go to the problem in the text"),
    Shortcut("author.open", ("Ctrl+O",), "Author", "Open a pack file"),
    Shortcut("author.save", ("Ctrl+S",), "Author", "Save the pack"),
    Shortcut("author.save_as", ("Ctrl+Shift+S",), "Author", "Save the pack as a new file"),
    Shortcut("author.error", ("F8",), "Author", "Go to the problem in the pack"),
    Shortcut("author.variant", ("Ctrl+R",), "Author", "Another variant of the preview"),
)


def page_shortcuts(pages: Sequence[tuple[str, str]]) -> tuple[Shortcut, ...]:
    """Ctrl+1..9 for the first nine (page id, title) pairs, in navigation order."""
    return tuple(
        Shortcut(f"go.{page_id}", (f"Ctrl+{i}",), EVERYWHERE, f"Open {title}")
        for i, (page_id, title) in enumerate(pages[:9], start=1)
    )


def shortcut(shortcut_id: str, table: Sequence[Shortcut] = SHORTCUTS) -> Shortcut:
    """The row with this id; KeyError names it."""
    for row in table:
        if row.id == shortcut_id:
            return row
    raise KeyError(f"no shortcut {shortcut_id!r} in the table")


def sequences(shortcut_id: str, table: Sequence[Shortcut] = SHORTCUTS) -> list[QKeySequence]:
    """The key sequences of a row, for a QAction's setShortcuts."""
    return [QKeySequence(keys) for keys in shortcut(shortcut_id, table).keys]


def bind(
    shortcut_id: str,
    parent: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> list[QShortcut]:
    """Bind a row's keys on `parent` (by default while focus is inside it) to `slot`."""
    row = shortcut(shortcut_id)
    if not row.bound:
        raise ValueError(f"shortcut {shortcut_id!r} is read by a key handler, not bound")
    made = []
    for sequence in sequences(shortcut_id):
        made_one = QShortcut(sequence, parent)
        made_one.setContext(context)
        made_one.activated.connect(slot)
        made_one.setObjectName(shortcut_id)
        made.append(made_one)
    return made


def sheet_rows(pages: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str, str]]:
    """(keys, where, what) for every shortcut, page keys first, grouped by where."""
    rows = [*page_shortcuts(pages), *SHORTCUTS]
    order = list(dict.fromkeys(row.where for row in rows))
    rows.sort(key=lambda row: order.index(row.where))
    return [(row.shown_keys, row.where, row.what) for row in rows]


class EnterPressesButtons(QObject):
    """Application-wide: plain Enter on a focused push or tool button clicks it.

    Qt does this only for buttons in dialogs; in the main window Enter went to the page's own
    Enter shortcut (Start, Submit) whatever button had the focus. Accepting the shortcut
    override keeps those shortcuts from firing while a button has the focus.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if key_event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(watched, QPushButton | QToolButton) or not watched.hasFocus():
            return False
        if not (watched.isVisible() and watched.isEnabled()):
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress and not key_event.isAutoRepeat():
            watched.click()
        return True


def install_enter_policy(app: QCoreApplication) -> EnterPressesButtons:
    """Make Enter press the focused button across the app (once per application)."""
    existing = app.findChild(EnterPressesButtons)
    if existing is not None:
        return existing
    policy = EnterPressesButtons(app)
    app.installEventFilter(policy)
    return policy
