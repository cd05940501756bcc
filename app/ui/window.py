"""The main window: a navigation list on the left and the pages in a stack on the right.

Pages are built the first time they are shown, so start-up imports only what the home page
needs; each page's `refresh()` runs every time it is shown. The menu bar (File, Go, Help)
carries the window's shortcuts: Ctrl+1..9 open pages, Ctrl+K searches, F1 lists every
shortcut. Size, place, splitters and the last page are kept in `context.settings["window"]`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.ui import window_state
from app.ui.context import UiContext
from app.ui.page_list import MENU_TITLES, NAV_WIDTH, PAGES, PageSpec, PageStack
from app.ui.pages.exam_guard import ask_before_closing, offer_unfinished_exam

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMessageBox

    from app.ui.menus import ShortcutSheet


class MainWindow(QMainWindow):
    """The app's one window; `show_page(page_id)` switches pages and refreshes the one shown."""

    first_shown = Signal()
    """Emitted once, when the window is first shown."""
    first_painted = Signal()
    """Emitted once, just after the window's first paint (start-up work waits for this)."""
    closing = Signal()
    """Emitted as the window closes, after its state is in `context.settings["window"]`."""

    def __init__(
        self,
        context: UiContext,
        pages: tuple[PageSpec, ...] = PAGES,
        page_after_paint: bool = False,
    ) -> None:
        """`page_after_paint=True` builds the first page after the first paint and leaves the
        menus and keys to the caller's `add_keys` (start-up: once the page shows its data)."""
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
        self.setMinimumSize(window_state.MINIMUM)
        self.saved_state = window_state.clean_state(context.settings.get("window"))

        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(NAV_WIDTH)
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

        self.actions_by_id: dict[str, QAction] = {}
        self.shortcuts_box: ShortcutSheet | None = None
        self.about: QMessageBox | None = None
        self.search: Any = None  # the search popup, once opened
        for title in MENU_TITLES:  # titles now, their actions once the window has painted
            self.menuBar().addMenu(title)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        context.navigate_requested.connect(self.show_page)
        if page_after_paint:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(0)
            self.nav.blockSignals(False)
            self.first_painted.connect(self.refresh_current)
        else:
            self.add_keys()
            self.show_page(self._order[0])

    def add_keys(self) -> None:
        """Fill the menus and bind the window's keys, once (kept off the path to the learner's
        data: the menus, the shortcut table and Qt's key enums are made here)."""
        if self.actions_by_id:
            return
        from PySide6.QtCore import Qt  # its ~140 enums are built on first use: after the paint

        from app.ui.menus import build_menus
        from app.ui.shortcuts import install_enter_policy

        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.actions_by_id = build_menus(self, self.page_titles())
        app = QApplication.instance()
        if app is not None:
            install_enter_policy(app)

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
                page = self._specs[page_id].load()(self.context)
            except ImportError as error:  # a page another part of the app has not shipped
                from PySide6.QtCore import Qt

                page = QLabel(f"This page is not available in this build ({error}).")
                page.setAlignment(Qt.AlignmentFlag.AlignCenter)
                page.setWordWrap(True)
            holder = self._placeholders[page_id]
            index = self.stack.indexOf(holder)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(holder)
            holder.deleteLater()
            self._pages[page_id] = page
            window_state.restore_splitters(page_id, page, self.saved_state.get("splitters", {}))
            graded = getattr(page, "self_graded", None)
            if graded is not None:
                graded.connect(self._keep_self_grade)
        return self._pages[page_id]

    def _keep_self_grade(self, topic: str, index: int, knew: bool) -> None:
        """Store a study guide self-grade for the current learner."""
        services, profile = self.context.services, self.context.profile
        if services is not None and profile is not None:
            from app.ui.dialogs import call_service

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
        page = self.stack.currentWidget()
        assert page is not None, "the page stack always shows a page"
        return page

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

    def page_titles(self) -> list[tuple[str, str]]:
        """(page id, title) of every page, in navigation order."""
        return [(page_id, self._specs[page_id].title) for page_id in self._order]

    def show_shortcuts(self) -> ShortcutSheet:
        """List every keyboard shortcut in a table that does not block."""
        from app.ui.menus import ShortcutSheet

        sheet = ShortcutSheet(self.page_titles(), self)
        self.shortcuts_box = sheet
        sheet.open()
        return sheet

    def show_about(self) -> QMessageBox:
        """Version, licence and data folder."""
        from app.ui.menus import about_box

        self.about = about_box(self.context.settings, self)
        return self.about

    def show_search(self) -> QWidget:
        """Open the search box (Ctrl+K)."""
        from app.ui.search_popup import SearchPopup  # its index is built on first use

        if self.search is None:
            self.search = SearchPopup(self.context, self)
        self.search.open_popup()
        return self.search

    # -- size, place and state --------------------------------------------------------------

    def fit_to_screen(self) -> None:
        """Take the saved geometry if it is usable, else the default size for this screen."""
        geometry = self.saved_state.get("geometry")
        if geometry and window_state.restore_geometry(self, geometry):
            return
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        self.resize(window_state.default_size(available))
        if available is not None:
            frame = self.frameGeometry()
            frame.moveCenter(available.center())
            self.move(frame.topLeft())

    def state(self) -> dict[str, Any]:
        """Geometry, splitter sizes and the page shown, for the settings file."""
        return {
            "geometry": window_state.geometry_text(self),
            "page": self.current_page_id(),
            "splitters": window_state.splitter_sizes(
                self._pages, self.saved_state.get("splitters", {})
            ),
        }

    def closeEvent(self, event: QCloseEvent) -> None:
        """During an exam, ask first (it is saved either way); keep the window's state, close."""
        if not ask_before_closing(self._pages.get("exam"), self):
            event.ignore()
            return
        self.context.settings["window"] = self.state()
        self.closing.emit()
        super().closeEvent(event)

    # -- events ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Note the first paint; `first_painted` is emitted once the paint has finished."""
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted_once:
            self._painted_once = True
            QTimer.singleShot(0, self.first_painted.emit)
        return handled

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.first_shown.emit()
