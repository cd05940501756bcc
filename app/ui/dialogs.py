"""Dialogs the shell needs: choosing or creating a learner, and a database that will not open.

Both open without blocking (`open()`), so the event loop keeps running and tests can drive
them; each reports its outcome through a signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_NAME = 80
DEFAULT_LEARNER = "Learner"
"""Who studies when the first-run dialog is closed without a name (renamed in Settings)."""
T = TypeVar("T")


def check_profile_name(name: str, taken: Sequence[str] = ()) -> str:
    """A cleaned learner name; ValueError says what is wrong with an empty, long or taken one."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("Type a name for the new learner.")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"A name is at most {MAX_NAME} characters; this one has {len(cleaned)}.")
    if cleaned.casefold() in {t.casefold() for t in taken}:
        raise ValueError(f"There is already a learner called {cleaned!r}: choose them above.")
    return cleaned


def default_learner(taken: Sequence[str]) -> str:
    """ "Learner", or "Learner 2", "Learner 3"… when that name is taken."""
    folded = {t.casefold() for t in taken}
    name, n = DEFAULT_LEARNER, 1
    while name.casefold() in folded:
        n += 1
        name = f"{DEFAULT_LEARNER} {n}"
    return name


class ProfileDialog(QDialog):
    """Choose an existing learner or type a new name; `chosen(name, is_new)` on OK.

    Closing it with the window's close button still chooses someone (the learner selected,
    the name typed if it is usable, else a new default learner), so the app is never left
    without a learner.
    """

    chosen = Signal(str, bool)

    def __init__(self, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = list(names)
        self.setWindowTitle("Who is studying?")
        self.setAccessibleName("Choose a learner")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose your name, or type a new one. Each learner's progress is kept separately."
            if names
            else "Welcome to Backprop Quiz. What should we call you? Your progress is kept "
            "under this name."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Existing learners")
        self.list.addItems(self.names)
        self.list.setVisible(bool(names))
        self.list.itemActivated.connect(lambda _item: self._accept())
        layout.addWidget(self.list)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("New learner's name")
        self.name_edit.setAccessibleName("New learner's name")
        self.name_edit.setMaxLength(MAX_NAME + 20)
        self.name_edit.textEdited.connect(lambda _t: self.list.clearSelection())
        layout.addWidget(self.name_edit)
        self.error = QLabel("")
        self.error.setProperty("role", "wrong")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem with the name")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText("Start")
        start.setIcon(QIcon())  # some platform styles add a tick glyph that reads as noise
        buttons.accepted.connect(self._accept)
        layout.addWidget(buttons)
        if names:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.name_edit.setFocus()

    def _accept(self) -> None:
        typed = self.name_edit.text()
        item = self.list.currentItem()
        if not typed.strip() and item is not None and item.isSelected():
            self.chosen.emit(item.text(), False)
            self.accept()
            return
        try:
            name = check_profile_name(typed, self.names)
        except ValueError as e:
            self.error.setText(str(e))
            self.name_edit.setFocus()
            return
        self.chosen.emit(name, True)
        self.accept()

    def reject(self) -> None:
        """Closed without Start: go on with the selected, typed or a default learner."""
        item = self.list.currentItem()
        if item is not None and item.isSelected():
            self.chosen.emit(item.text(), False)
        else:
            try:
                self.chosen.emit(check_profile_name(self.name_edit.text(), self.names), True)
            except ValueError:
                self.chosen.emit(default_learner(self.names), True)
        super().accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()  # a learner is needed: Escape does not dismiss the first-run dialog
            return
        super().keyPressEvent(event)


def database_problem(error: BaseException, where: str) -> tuple[str, str]:
    """What went wrong opening the database, and what the learner can do, in plain words.

    Store errors carry a sentence of their own; anything else is reduced to its reason, so
    no SQL, parameters or links to a library's documentation reach the learner.
    """
    from app.store import errors  # the store only once there is a problem to name

    message = _plain_reason(error)
    if isinstance(error, errors.DatabaseTooNew):
        advice = "Update Backprop Quiz, or choose another progress file."
    elif isinstance(error, errors.DatabaseUnreadable):
        advice = "The file was left untouched. Choose another progress file, or a new one."
    elif isinstance(error, errors.DatabaseReadOnly):
        advice = "Make the file and its folder writable, or choose another progress file."
    elif isinstance(error, errors.DatabaseUnreachable):
        advice = "Check that the database server is running and the address is right."
    elif isinstance(error, errors.InvalidDatabaseUrl):
        advice = "Fix the --db address, or choose a progress file."
    elif isinstance(error, errors.MigrationFailed):
        advice = "Your data was not changed. Choose another progress file, or report this."
    else:
        advice = "Check that the folder exists and can be written, or choose another file."
    return f"Could not open your progress at {where}.\n\n{message}", advice


def _plain_reason(error: BaseException) -> str:
    """An error's message without SQL, parameters or "Background on this error" links."""
    from app.store.errors import StoreError

    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        name = f"{error.filename}: " if error.filename else ""
        return f"{name}{error.strerror}."
    cause = getattr(error, "orig", None)  # a database driver's error wrapped by SQLAlchemy
    text = str(cause if cause is not None else error)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("[SQL:", "[parameters:", "(Back"))]
    return lines[0] if lines else type(error).__name__


class DatabaseErrorDialog(QMessageBox):
    """Says why the database did not open; `choose_file()` or `quit_app()` via its buttons."""

    choose_file = Signal()
    quit_app = Signal()

    def __init__(self, message: str, advice: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Progress database problem")
        self.setAccessibleName("Progress database problem")
        self.setText(message)
        self.setInformativeText(advice)
        self.choose_button: QPushButton = self.addButton(
            "Choose another file…", QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button: QPushButton = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.choose_button)
        self.setEscapeButton(self.quit_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.choose_button:
            self.choose_file.emit()
        else:
            self.quit_app.emit()


def call_service(context: object, action: str, fn: Callable[..., T], *args: object) -> T | None:
    """Call a service; on failure show what went wrong as a dialog and return None.

    `action` completes "Could not …", e.g. "save your answer". Errors the learner can fix
    (ValueError, store errors) keep their message; anything else says to try again.
    """
    try:
        return fn(*args)
    except Exception as error:
        message = str(error) or type(error).__name__
        show_error = getattr(context, "show_error", None)
        if callable(show_error):
            show_error(
                f"Could not {action}",
                f"Could not {action}: {message}",
                "Nothing was lost: answers already given are saved. Try again; if this keeps "
                "happening, check the progress database in Settings.",
            )
        return None
