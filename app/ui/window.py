"""The main window: a navigation list on the left and the pages in a stack on the right.

Pages are built the first time they are shown, so start-up imports only what the home page
needs; each page's `refresh()` runs every time it is shown. Ctrl+1..9 open pages, F1 lists
the shortcuts.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.pages.exam_guard import ask_before_closing, offer_unfinished_exam


@dataclass(frozen=True)
class PageSpec:
    """Where a page lives: its id, its title in the navigation list, and its class path."""

    page_id: str
    title: str
    target: str  # "module:Class"

    def load(self) -> type[QWidget]:
        """Import the page's module and return its class."""
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)


NAV_WIDTH = 176
"""Width of the navigation list in pixels; the longest title is "Study guide"."""

PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "Home", "app.ui.pages.home:HomePage"),
    PageSpec("study", "Study", "app.ui.pages.study:StudyPage"),
    PageSpec("practice", "Practice", "app.ui.pages.practice:PracticePage"),
    PageSpec("exam", "Exam", "app.ui.pages.exam:ExamPage"),
    PageSpec("guide", "Study guide", "app.ui.pages.guide:GuidePage"),
    PageSpec("progress", "Progress", "app.ui.pages.progress:ProgressPage"),
    PageSpec("history", "History", "app.ui.pages.history:HistoryPage"),
    PageSpec("workbench", "Workbench", "app.ui.pages.workbench:WorkbenchPage"),
    PageSpec("author", "Author", "app.ui.pages.author:AuthorPage"),
    PageSpec("settings", "Settings", "app.ui.pages.settings:SettingsPage"),
)


def shortcuts_text(pages: tuple[PageSpec, ...]) -> str:
    """The keyboard shortcuts, one per line: keys, a tab, what they do."""
    lines = [f"Ctrl+{i}\t{spec.title}" for i, spec in enumerate(pages[:9], start=1)]
    lines += [
        "1–9\tChoose an answer",
        "Enter\tSubmit the answer / go on",
        "1–4 after an answer\tChange the review rating (Again, Hard, Good, Easy)",
        "Tab / Shift+Tab\tMove between controls",
        "F1\tThis list",
    ]
    return "\n".join(lines)


class PageStack(QStackedWidget):
    """A stack whose size hints are the current page's, so one wide page cannot widen all."""

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class MainWindow(QMainWindow):
    """The app's one window; `show_page(page_id)` switches pages and refreshes the one shown."""

    first_shown = Signal()
    """Emitted once, when the window is first shown."""
    first_painted = Signal()
    """Emitted once, just after the window's first paint (start-up work waits for this)."""

    def __init__(
        self,
        context: UiContext,
        pages: tuple[PageSpec, ...] = PAGES,
        page_after_paint: bool = False,
    ) -> None:
        """`page_after_paint=True` builds the first page just after the window's first paint
        (start-up shows the frame and navigation sooner; the page needs the database anyway)."""
        super().__init__()
        self.context = context
        context.dialog_parent = self
        self._specs = {spec.page_id: spec for spec in pages}
        self._order = [spec.page_id for spec in pages]
        self._pages: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._shown_once = False
        self._painted_once = False
        self.setWindowTitle("Backprop Quiz")
        self.setMinimumSize(1000, 680)

        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = PageStack()
        for i, spec in enumerate(pages, start=1):
            item = QListWidgetItem(spec.title)
            item.setToolTip(f"Ctrl+{i}" if i <= 9 else "")
            item.setSizeHint(QSize(0, 36))
            self.nav.addItem(item)
            holder = QWidget()
            self._placeholders[spec.page_id] = holder
            self.stack.addWidget(holder)
        self.status = QLabel("Opening your progress…")
        self.status.setProperty("role", "muted")
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)

        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 8, 0)
        side.addWidget(self.nav, 1)
        side.addWidget(self.status)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(NAV_WIDTH + 8)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(side_box)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for i, page_id in enumerate(self._order[:9], start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i}"), self)
            shortcut.activated.connect(lambda page_id=page_id: self.show_page(page_id))
        QShortcut(QKeySequence(Qt.Key.Key_F1), self).activated.connect(self.show_shortcuts)
        self.shortcuts_box: QMessageBox | None = None
        self.nav.currentRowChanged.connect(self._on_nav_row)
        context.navigate_requested.connect(self.show_page)
        if page_after_paint:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(0)
            self.nav.blockSignals(False)
            self.first_painted.connect(self.refresh_current)
        else:
            self.show_page(self._order[0])

    # -- pages ----------------------------------------------------------------------------

    @property
    def page_ids(self) -> list[str]:
        """Every page id, in navigation order."""
        return list(self._order)

    def page(self, page_id: str) -> QWidget:
        """The page with this id, built on first use."""
        if page_id not in self._specs:
            raise KeyError(f"no page {page_id!r}; pages are: {', '.join(self._order)}")
        if page_id not in self._pages:
            try:
                page = self._specs[page_id].load()(self.context)  # type: ignore[call-arg]
            except ImportError as error:  # a page another part of the app has not shipped
                page = QLabel(f"This page is not available in this build ({error}).")
                page.setAlignment(Qt.AlignmentFlag.AlignCenter)
                page.setWordWrap(True)
            holder = self._placeholders[page_id]
            index = self.stack.indexOf(holder)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(holder)
            holder.deleteLater()
            self._pages[page_id] = page
            graded = getattr(page, "self_graded", None)
            if graded is not None:
                graded.connect(self._keep_self_grade)
        return self._pages[page_id]

    def _keep_self_grade(self, topic: str, index: int, knew: bool) -> None:
        """Store a study guide self-grade for the current learner."""
        services, profile = self.context.services, self.context.profile
        if services is not None and profile is not None:
            call_service(
                self.context,
                "save your self-grade",
                services.grade_guide_question,
                profile.id,
                topic,
                index,
                knew,
            )

    def current_page(self) -> QWidget:
        """The page shown now."""
        return self.stack.currentWidget()

    def current_page_id(self) -> str:
        """The id of the page shown now."""
        return self._order[self.nav.currentRow()]

    def show_page(self, page_id: str) -> QWidget:
        """Show a page (building it if needed), select it in the list, and refresh it."""
        page = self.page(page_id)
        self.stack.setCurrentWidget(page)
        self.stack.updateGeometry()
        row = self._order.index(page_id)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        return page

    def refresh_current(self) -> None:
        """Refresh the page shown now (after the profile or the database changed)."""
        self.show_page(self.current_page_id())
        self.update_status()
        offer_unfinished_exam(self)  # an exam left by a quit or crash: the Exam page offers it

    def update_status(self) -> None:
        """Say who is studying, under the navigation list."""
        profile = self.context.profile
        name = getattr(profile, "name", None)
        self.status.setText(f"Learner: {name}" if name else "Opening your progress…")

    def _on_nav_row(self, row: int) -> None:
        if 0 <= row < len(self._order):
            self.show_page(self._order[row])

    def show_shortcuts(self) -> QMessageBox:
        """List the keyboard shortcuts in a dialog that does not block."""
        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setText("Everything can be done from the keyboard:")
        box.setInformativeText(shortcuts_text(tuple(self._specs.values())))
        box.setAccessibleName("Keyboard shortcuts")
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        self.shortcuts_box = box
        box.open()
        return box

    # -- events ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Note the first paint; `first_painted` is emitted once the paint has finished."""
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted_once:
            self._painted_once = True
            QTimer.singleShot(0, self.first_painted.emit)
        return handled

    def closeEvent(self, event: QCloseEvent) -> None:
        """During an exam, ask first (it is saved either way)."""
        if not ask_before_closing(self._pages.get("exam"), self):
            event.ignore()
            return
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.first_shown.emit()
