"""Author: write a question pack with live validation, preview it, import it, export it.

The pack's TOML is in a monospace editor; 300 ms after the last keystroke it is validated
and every problem is listed with its line and column (choosing one puts the cursor there).
The Preview tab shows any question exactly as a learner sees it, with another variant of
network and family questions; the Import and export tab adds the pack to the study pool
through the services and writes Moodle XML, GIFT, Anki, CSV or a PDF exam on a pool thread
with a progress bar (app.ui.pages.author_actions). On a narrow window the editor becomes the
first tab. Pack text is only ever shown as plain text or escaped.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.pages.author_actions import PoolAndExport
from app.ui.pages.author_files import PackFile
from app.ui.pages.author_form import QuestionForm
from app.ui.pages.author_help import PackHelp
from app.ui.pages.author_preview import PackPreview
from app.ui.pages.author_share import ShareTab, plain_label
from app.ui.shortcuts import bind, shortcut
from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.script_editor import CodeEditor
from questions.packs import Pack, PackError, Problem, read_pack

DEBOUNCE_MS = 300
NARROW = 1000
"""Pages narrower than this show the editor as a tab instead of beside the preview."""
PREVIEW_WIDTH = 540
"""What a network question's preview needs (its diagram is 450 px at least)."""
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "backprop-basics.toml"
TEMPLATE = """\
[pack]
id = "my-pack"
title = "My pack"
author = "Your name"
version = "1.0"

[[question]]
id = "first"
type = "numeric"
topic = "activations"
prompt = "What is the largest value the sigmoid's derivative takes?"
value = 0.25
sigfigs = 2
"""


def starting_text() -> str:
    """The example pack's text when it ships with the app, else a one-question template."""
    try:
        return EXAMPLE.read_text(encoding="utf-8")
    except OSError:
        return TEMPLATE


def offset_of(document: QTextDocument, line: int, col: int) -> int:
    """The text offset of a 1-based line and column, kept inside the text."""
    block = document.findBlockByNumber(max(line - 1, 0))
    if not block.isValid():
        return max(document.characterCount() - 1, 0)
    return block.position() + min(max(col - 1, 0), max(block.length() - 1, 0))


def pack_summary(pack: Pack) -> str:
    """E.g. "6 questions: 2 choice, 1 numeric, 2 network, 1 family"."""
    kinds = Counter(type(item).__name__.removesuffix("Item").lower() for item in pack.items)
    count = len(pack.items)
    listed = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    return f"{count} question{'s' * (count != 1)}: {listed}"


class AuthorPage(PoolAndExport, QWidget):
    """The Author page; see the module docstring."""

    page_id = "author"
    title = "Author"

    export_progress = Signal(int, int)
    """(done, total) of the export running."""
    export_finished = Signal(str)
    """What the export wrote, or why it failed."""

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.pack: Pack | None = None  # the last valid pack
        self.problems: list[Problem] = []
        self._split = False
        self.help: PackHelp | None = None
        self.editor = CodeEditor()
        self.editor.setAccessibleName("Pack (TOML)")
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # long prompts
        self.files = PackFile(
            self.editor, self, context.show_error, context.settings, self._pack_id
        )
        self.file_label = plain_label(role="muted", name="Pack file")
        self.status = plain_label(name="Validation")
        self.position = QLabel("")
        self.position.setAccessibleName("Cursor position")
        set_role(self.position, "muted")
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("Problems in the pack")
        self.problem_list.setWordWrap(True)
        self.problem_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form = QuestionForm(self.editor)
        self.preview = PackPreview()
        self.share = ShareTab()
        self.export_panel = self.share.export_panel
        self.tabs = QTabWidget()
        self.tabs.setMinimumWidth(PREVIEW_WIDTH)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self._build()
        self.timer.timeout.connect(self.validate_now)
        self.editor.textChanged.connect(self.timer.start)
        self.editor.cursorPositionChanged.connect(self._show_position)
        self.files.changed.connect(self._show_file)
        self.problem_list.itemActivated.connect(self.go_to_problem)
        self.problem_list.itemClicked.connect(self.go_to_problem)
        self.share.import_button.clicked.connect(self.import_to_pool)
        self.share.remove_requested.connect(self.remove_from_pool)
        self.export_panel.button.clicked.connect(self.export)
        self.files.set_text(starting_text(), None)
        self.validate_now()
        self._show_position()

    def _build(self) -> None:
        heading = QLabel("Author")
        set_role(heading, "heading")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.file_label, 1)
        files = self.files
        for text, name, key_id, action in (
            ("Open…", "Open a pack file", "author.open", files.open),
            ("Save", "Save the pack", "author.save", files.save),
            ("Save as…", "Save the pack as a new file", "author.save_as", files.save_as),
            (None, None, "author.error", self.editor.go_to_error),
        ):
            bind(key_id, self, action)
            if text:
                button = QPushButton(text)
                button.setAccessibleName(name or text)
                button.setToolTip(shortcut(key_id).shown_keys)
                button.clicked.connect(action)
                top.addWidget(button)
        self.help_button = QPushButton("&Help")
        self.help_button.setAccessibleName("Pack reference: every field, limit and format")
        self.help_button.clicked.connect(self.show_help)
        top.addWidget(self.help_button)
        self.pack_panel = QWidget()
        self.pack_panel.setMinimumWidth(320)
        column = QVBoxLayout(self.pack_panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.position, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        column.addWidget(self.problem_list)
        self.problem_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        self.tabs.addTab(self.form, "For&m")
        self.tabs.addTab(self.preview, "&Preview")
        self.tabs.addTab(self.share, "&Import and export")
        self.splitter.addWidget(self.pack_panel)
        self.splitter.addWidget(self.tabs)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def show_help(self) -> None:
        """Open the pack reference (docs/packs.md) beside the page, without blocking it."""
        if self.help is None:
            self.help = PackHelp(self)
        self.help.show()
        self.help.raise_()

    def refresh(self) -> None:
        """Watch the window for a close with unsaved changes; show the study pool's packs."""
        self.files.watch_window()
        self.show_pool()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Editor beside the tabs when there is room; else the editor is the first tab."""
        narrow = event.size().width() < NARROW
        if narrow and self.tabs.indexOf(self.pack_panel) < 0:
            self.tabs.insertTab(0, self.pack_panel, "Pac&k")
            self.tabs.setCurrentIndex(0)
        elif not narrow:
            if self.splitter.indexOf(self.pack_panel) < 0:
                self.splitter.insertWidget(0, self.pack_panel)
                self.pack_panel.show()
                self._split = False
            if not self._split:  # half and half at first; the learner's drag is kept after
                self._split = True
                self.splitter.setSizes([500, 500])
        super().resizeEvent(event)

    def _pack_id(self) -> str:
        return self.pack.id if self.pack else "pack"

    def _show_file(self) -> None:
        name = self.files.name() + (" · unsaved changes" if self.files.modified else "")
        self.file_label.setText(name)

    def _show_position(self) -> None:
        line, col = self.editor.cursor_line_column()
        self.position.setText(f"Line {line}, column {col}")

    # -- validation ------------------------------------------------------------------------

    def validate_now(self) -> None:
        """Validate the editor's text; list the problems, or preview the valid pack."""
        self.timer.stop()
        try:
            self.pack = read_pack(self.editor.toPlainText(), self.files.name())
            self.problems = []
        except PackError as error:
            self.problems = list(error.problems)
        self.problem_list.clear()
        for problem in self.problems:
            item = QListWidgetItem(f"Line {problem.line}, column {problem.col}: {problem.message}")
            item.setData(Qt.ItemDataRole.UserRole, (problem.line, problem.col))
            self.problem_list.addItem(item)
        self.problem_list.setVisible(bool(self.problems))
        if self.problems:
            count = len(self.problems)
            self.status.setText(
                f"✗ {count} problem{'s' * (count != 1)}: choose one to go to it (F8: the first)."
            )
            first = self.problems[0]
            self.editor.show_error_at(
                offset_of(self.editor.document(), first.line, first.col), False
            )
        elif self.pack is not None:
            self.status.setText(f"✓ No problems. {pack_summary(self.pack)}.")
            self.editor.clear_error()
        set_role(self.status, "wrong" if self.problems else "right")
        self.preview.set_pack(self.pack, stale=bool(self.problems))
        self.form.show_text(self.editor.toPlainText())

    def go_to_problem(self, item: QListWidgetItem) -> None:
        """Put the cursor on a problem's line and column, and the focus in the editor."""
        line, col = item.data(Qt.ItemDataRole.UserRole)
        cursor = self.editor.textCursor()
        cursor.setPosition(offset_of(self.editor.document(), line, col))
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        if self.tabs.indexOf(self.pack_panel) >= 0:
            self.tabs.setCurrentWidget(self.pack_panel)
        self.editor.setFocus()
