"""The Author page's Help: docs/packs.md (the pack field reference) rendered in a window.

The page is read from the docs folder beside the app's code and shown as Markdown in a
read-only browser that does not block the page; when the file is missing (an install
without the docs) the window says where it should have been.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

PACKS_DOC = Path(__file__).resolve().parents[3] / "docs" / "packs.md"


def help_markdown(path: Path = PACKS_DOC) -> str:
    """The reference's Markdown, or a sentence saying it could not be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return f"# Instructor packs\n\nThe reference could not be read from `{path}`."


class PackHelp(QDialog):
    """A window showing the pack reference (fields, examples, limits, export formats)."""

    def __init__(self, parent: QWidget | None = None, path: Path = PACKS_DOC) -> None:
        super().__init__(parent)
        self.setWindowTitle("Instructor packs: reference")
        self.setAccessibleName("Instructor packs reference")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(help_markdown(path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(860, 720)
