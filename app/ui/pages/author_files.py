"""The Author page's file: Open, Save and Save As, and nothing lost to unsaved changes.

`PackFile` keeps the path and the editor's modified flag. Before the text is replaced (Open)
or the window closes with unsaved changes, it asks Save / Discard / Cancel in a dialog that
does not block, and goes on only after Save worked or Discard was chosen. The file dialogs
are two small methods, so tests can answer them; they open in the folder last used
(remembered in the app settings) with a name from the pack id, and a name typed without the
suffix gets it appended.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPlainTextEdit, QWidget

from questions.atomic import WriteFailed, write_text

PACK_FILTER = "Question packs (*.toml);;All files (*)"
Button = QMessageBox.StandardButton
FOLDER = "author_folder"
"""The settings key of the folder the Author page's file dialogs open in (the last used)."""


def with_suffix(chosen: str | Path, suffix: str) -> Path:
    """The chosen file name with `.suffix` appended unless it ends so already
    ("basics" -> "basics.csv", "v1.2" -> "v1.2.csv", "a.CSV" stays)."""
    path = Path(chosen)
    if path.name.lower().endswith(f".{suffix.lower()}"):
        return path
    return path.with_name(f"{path.name}.{suffix}")


def start_path(settings: dict[str, Any], stem: str, suffix: str) -> str:
    """Where a save dialog starts: the remembered folder (else home), and `stem.suffix`."""
    folder = Path(str(settings.get(FOLDER) or Path.home()))
    if not folder.is_dir():
        folder = Path.home()
    return str(folder / f"{stem}.{suffix}")


def remember_folder(settings: dict[str, Any], path: Path) -> None:
    """Keep the folder of a file just opened or written, for the next dialog."""
    settings[FOLDER] = str(path.resolve().parent)


class PackFile(QObject):
    """Where the editor's pack lives on disk, and whether the text has changed since."""

    changed = Signal()
    """The path or the modified flag changed (for the page's title line)."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        page: QWidget,
        show_error: Callable,
        settings: dict[str, Any] | None = None,
        stem: Callable[[], str] = lambda: "pack",
    ) -> None:
        super().__init__(page)
        self.editor = editor
        self.page = page
        self.settings: dict[str, Any] = settings if settings is not None else {}
        self.stem = stem  # the pack id, which names a new file
        self.path: Path | None = None
        self.question: QMessageBox | None = None  # the Save / Discard / Cancel box, while open
        self._show_error = show_error
        self._window: QWidget | None = None
        self._closing = False
        editor.document().modificationChanged.connect(lambda _m: self.changed.emit())

    @property
    def modified(self) -> bool:
        """True when the text differs from what was last opened or saved."""
        return self.editor.document().isModified()

    def name(self) -> str:
        """The file's name, or "Untitled pack"."""
        return self.path.name if self.path else "Untitled pack"

    def set_text(self, text: str, path: Path | None) -> None:
        """Put a pack's text in the editor as unmodified (after Open, or the starting example)."""
        self.editor.setPlainText(text)
        self.editor.document().setModified(False)
        self.path = path
        self.changed.emit()

    # -- dialogs (tests replace these two) -------------------------------------------------

    def save_start(self) -> str:
        """Where Save As starts: the pack's own file, else `<pack id>.toml` in the folder
        last used."""
        return str(self.path) if self.path else start_path(self.settings, self.stem(), "toml")

    def choose_open_path(self) -> str:
        """Ask which pack file to open ("" if cancelled)."""
        start = str(self.path.parent) if self.path else str(Path(self.save_start()).parent)
        return QFileDialog.getOpenFileName(self.page, "Open a question pack", start, PACK_FILTER)[0]

    def choose_save_path(self) -> str:
        """Ask where to save the pack ("" if cancelled)."""
        return QFileDialog.getSaveFileName(
            self.page, "Save the pack", self.save_start(), PACK_FILTER
        )[0]

    # -- actions ---------------------------------------------------------------------------

    def open(self) -> None:
        """Open a pack file, after asking about unsaved changes."""
        self.confirm_discard(self._open_chosen)

    def _open_chosen(self) -> None:
        chosen = self.choose_open_path()
        if chosen:
            self.open_path(Path(chosen))

    def open_path(self, path: Path) -> bool:
        """Load a file into the editor (it must be UTF-8 text); False if it cannot be read."""
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
            self._show_error("Cannot open the pack", f"{path} cannot be read: {reason}.")
            return False
        self.set_text(text, path)
        remember_folder(self.settings, path)
        return True

    def save(self) -> bool:
        """Save to the file it came from (or ask where, the first time); True once saved."""
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        """Ask where, then save; True once saved."""
        chosen = self.choose_save_path()
        return bool(chosen) and self._write(with_suffix(chosen, "toml"))

    def _write(self, path: Path) -> bool:
        try:
            write_text(path, self.editor.toPlainText())
        except WriteFailed as error:  # says why, and that the file on disk is as it was
            self._show_error(
                "Cannot save the pack", f"{error}.", "Choose another place with Save As."
            )
            return False
        self.path = path
        remember_folder(self.settings, path)
        self.editor.document().setModified(False)
        self.changed.emit()
        return True

    def confirm_discard(self, then: Callable[[], None]) -> None:
        """Run `then` now if nothing is unsaved; else ask Save / Discard / Cancel first."""
        if not self.modified:
            then()
            return
        box = QMessageBox(self.page)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"{self.name()} has changes that are not saved.")
        box.setInformativeText("Save them first?")
        box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
        box.setDefaultButton(Button.Save)
        box.setAccessibleName("Unsaved changes")

        def answered(result: int) -> None:
            self.question = None
            button = box.standardButton(box.clickedButton()) if box.clickedButton() else result
            if button == Button.Discard or (button == Button.Save and self.save()):
                then()

        box.finished.connect(answered)
        self.question = box
        box.open()

    # -- closing the window ----------------------------------------------------------------

    def watch_window(self) -> None:
        """Ask about unsaved changes when the page's window is about to close."""
        window = self.page.window()
        if window is self._window or window is self.page:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold a window close while there are unsaved changes, and ask first."""
        if (
            watched is self._window
            and event.type() == QEvent.Type.Close
            and self.modified
            and not self._closing
        ):
            event.ignore()
            if self.question is None:
                self.confirm_discard(self._close_window)
            return True
        return super().eventFilter(watched, event)

    def _close_window(self) -> None:
        if self._window is not None:
            self._closing = True
            self._window.close()
            self._closing = False
