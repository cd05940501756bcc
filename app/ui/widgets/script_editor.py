"""A plain-text code editor that can point at an error: cursor moved there, spot highlighted."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from app.ui.theme import current_colors


def monospace(widget: QWidget) -> None:
    """Give a widget the system's fixed-width font; only the family is set, so its size
    follows the app's text size when that changes."""
    font = QFont()
    font.setFamilies(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).families())
    font.setStyleHint(QFont.StyleHint.Monospace)
    widget.setFont(font)


class CodeEditor(QPlainTextEdit):
    """A monospace editor; `show_error_at(offset)` marks a problem, `clear_error()` unmarks."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        monospace(self)
        self.setPlainText(text)
        self.setTabChangesFocus(True)  # Tab moves on, so the keyboard never gets stuck here
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.error_position: int | None = None

    def show_error_at(self, position: int | None, move_cursor: bool = True) -> None:
        """Highlight the line and the character at the offset, and move the cursor there
        (unless move_cursor is False: the learner is typing elsewhere in this editor)."""
        self.error_position = position
        if position is None:
            self.setExtraSelections([])
            return
        length = len(self.toPlainText())
        position = max(0, min(position, length))
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        if move_cursor:
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        colors = current_colors()
        line = QTextEdit.ExtraSelection()
        line.format.setBackground(QColor(colors.highlight_error))
        line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        line.cursor = QTextCursor(cursor)
        line.cursor.clearSelection()
        spot = QTextEdit.ExtraSelection()
        spot.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        spot.format.setUnderlineColor(QColor(colors.wrong))
        spot.format.setForeground(QColor(colors.wrong))
        spot.cursor = QTextCursor(cursor)
        if position < length:
            spot.cursor.movePosition(
                QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor
            )
        else:  # the end of the text: mark the character before, where the text stopped
            spot.cursor.movePosition(
                QTextCursor.MoveOperation.PreviousCharacter, QTextCursor.MoveMode.KeepAnchor
            )
        self.setExtraSelections([line, spot])

    def go_to_error(self) -> bool:
        """Move the cursor to the marked error and focus the editor; False if there is none."""
        if self.error_position is None:
            return False
        cursor = self.textCursor()
        cursor.setPosition(min(self.error_position, len(self.toPlainText())))
        self.setTextCursor(cursor)
        self.setFocus()
        return True

    def clear_error(self) -> None:
        """Remove the error marks."""
        self.show_error_at(None)

    def cursor_line_column(self) -> tuple[int, int]:
        """The cursor's 1-based line and column."""
        cursor = self.textCursor()
        return cursor.blockNumber() + 1, cursor.positionInBlock() + 1


def mark_line_edit(edit: QLineEdit, position: int | None) -> None:
    """Point at an error in a one-line field: select the character there (None: unmark)."""
    if position is None:
        edit.setStyleSheet("")
        return
    edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {current_colors().wrong}; }}")
    position = max(0, min(position, len(edit.text())))
    edit.setCursorPosition(position)
    if position < len(edit.text()):
        edit.setSelection(position, 1)
