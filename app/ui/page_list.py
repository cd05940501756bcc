"""The app's pages (id, title, where the class lives), and the stack that shows them.

Pages are imported the first time they are shown (`PageSpec.load`), so start-up imports only
what the first page needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget, QWidget


@dataclass(frozen=True)
class PageSpec:
    """Where a page lives: its id, its title in the navigation list, and its class path."""

    page_id: str
    title: str
    target: str  # "module:Class"

    def load(self) -> Callable[[Any], QWidget]:
        """Import the page's module and return its class (called with the UiContext)."""
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)


MENU_TITLES = ("&File", "&Go", "&Help")
"""The menu bar's menus, filled by app.ui.menus.build_menus."""

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
    PageSpec("class", "Class", "app.ui.pages.class_page:ClassPage"),
)


class PageStack(QStackedWidget):
    """A stack whose size hints are the current page's, so one wide page cannot widen all."""

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
