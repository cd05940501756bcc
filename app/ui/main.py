"""Start the desktop app: theme, main window shown at once, then the database opened.

The window appears before the services are imported (they pull in SQLAlchemy, the question
families and numpy), so start-up feels instant; the database then opens,
the learner is chosen (asked on first run), and the page shown refreshes. A database that
will not open is a dialog that says why and offers another file or quitting; never a
traceback.

The app's own settings (database location, theme, text size, last learner) are a small
JSON file in the platform's user config folder (`app.ui.app_settings`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui import pyside_imports
from app.ui.app_settings import load_app_settings, save_app_settings
from app.ui.context import UiContext
from app.ui.theme import apply_theme, new_application
from app.ui.window import MainWindow

if TYPE_CHECKING:
    import argparse

FIRST_PAINT_WAIT_MS = 400
"""Open the database after this long even if the window has not painted (e.g. minimised)."""
WARM_UP_AFTER_MS = 2000
"""Once Home shows, wait this long, then load the plotting library on a pool thread."""
DB_ENV_VAR = "BACKPROP_QUIZ_DB"
"""As app.store.database.ENV_VAR (not imported: the store loads after the window shows)."""


def open_services_for(url: str | None) -> Any:
    """Open the services on a database (importing them only now: they take a second)."""
    check_file_ahead(url)
    from app.services import open_services

    return open_services(url)


def check_file_ahead(url: str | None) -> None:
    """Start the integrity check of a SQLite progress file on a thread, where it overlaps
    the services' imports (the store takes it up when it opens the file)."""
    from sqlalchemy.engine import make_url

    from app.store.database import resolve_url
    from app.store.sqlite_file import look_ahead

    try:
        parsed = make_url(resolve_url(url))
    except Exception:  # open_database says what is wrong with the URL
        return
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        look_ahead(Path(str(parsed.database)))


def describe_url(url: str | None) -> str:
    """The database as a learner reads it: a file path, or the URL without its password."""
    from sqlalchemy.engine import make_url

    from app.store.database import resolve_url

    try:
        parsed = make_url(resolve_url(url))
    except Exception:
        return str(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


class Startup:
    """Opens the database and chooses the learner once the window is up."""

    def __init__(self, context: UiContext, window: MainWindow, db_url: str | None) -> None:
        self.context, self.window = context, window
        self.db_url = db_url
        self.error_dialog: Any = None  # a dialogs.DatabaseErrorDialog once shown
        self.profile_dialog: Any = None  # a dialogs.ProfileDialog once shown
        self.exit_code = 0
        self._started = False
        self.ask_database_path = self._ask_database_path

    def start(self) -> None:
        """Open the database soon (see `open_now` for why on the GUI thread); once only."""
        if self._started:
            return
        self._started = True
        self.window.status.setText("Opening your progress…")
        QTimer.singleShot(0, self.open_now)

    def open_now(self) -> None:
        """Import the services and open the database, on the GUI thread.

        Both are imports (the services, then Alembic's migration scripts), and imports on a
        pool thread run PySide6's import hook off the GUI thread (an early crash here came
        from there), so this runs on the GUI thread right after the window's first paint.
        The menus and keys are bound next, once the first page shows the learner's data.
        """
        try:
            services = open_services_for(self.db_url)
        except Exception as error:
            self._failed(error)
        else:
            self._opened(services)
        QTimer.singleShot(0, self.window.add_keys)

    def _opened(self, services: Any) -> None:
        self.context.services = services
        self.context.settings["db_in_use"] = describe_url(self.db_url)
        if self._class_role(services):
            return
        profiles = services.profiles()
        wanted = self.context.settings.get("profile")
        match = next((p for p in profiles if p.name == wanted), None)
        if match is None and len(profiles) == 1:
            match = profiles[0]
        if match is not None:
            self.use_profile(match)
            return
        from app.ui.dialogs import ProfileDialog

        dialog = ProfileDialog([p.name for p in profiles], self.window)
        dialog.chosen.connect(self._profile_chosen)
        self.profile_dialog = dialog
        dialog.open()

    def _class_role(self, services: Any) -> bool:
        """On a class server: the instructor sees the Class page, a learner is themself."""
        from app.services.class_access import class_access, may_have_class, own_profile

        if not may_have_class(services.ctx):
            return False
        who = class_access(services.ctx)
        if who.access == "instructor":
            self.window.show_page("class")
            self.window.status.setText("Instructor: the class")
        elif (own := own_profile(services.ctx, who)) is not None:
            self.use_profile(own)
        return who.access != "owner"

    def _profile_chosen(self, name: str, is_new: bool) -> None:
        services = self.context.services
        assert services is not None, "the learner is chosen once the database is open"
        self.use_profile(services.create_profile(name) if is_new else services.profile(name))

    def use_profile(self, profile: Any) -> None:
        """Study as this learner, show their data (on the last page), and remember them (just
        after: the settings file is fsynced, which need not hold up the data)."""
        self.context.profile = profile
        self.context.settings["profile"] = profile.name
        last = self.window.saved_state.pop("page", None)
        if last in self.window.page_ids and last != self.window.current_page_id():
            self.window.show_page(last)
        self.window.refresh_current()
        QTimer.singleShot(0, self.save_settings)
        QTimer.singleShot(WARM_UP_AFTER_MS, self._warm_up)

    def _warm_up(self) -> None:
        from app.ui.pages.progress import warm_up_plots

        warm_up_plots(self.context)

    def save_settings(self) -> None:
        """Write the app settings; not remembering them is no reason to stop the app."""
        with contextlib.suppress(OSError):
            save_app_settings(self.context.settings)

    def _failed(self, error: BaseException) -> None:
        from app.ui.dialogs import DatabaseErrorDialog, database_problem

        message, advice = database_problem(error, describe_url(self.db_url))
        dialog = DatabaseErrorDialog(message, advice, self.window)
        dialog.choose_file.connect(self._choose_other)
        dialog.quit_app.connect(self._quit)
        self.error_dialog = dialog
        self.window.status.setText("No progress database open.")
        dialog.open()

    def _choose_other(self) -> None:
        path = self.ask_database_path()
        if not path:
            self._quit()
            return
        self.db_url = str(Path(path).resolve())
        self.context.settings["db"] = self.db_url
        self.open_now()

    def _quit(self) -> None:
        """Close the window; the event loop ends with it and run_app returns 1."""
        self.exit_code = 1
        self.window.close()

    def _ask_database_path(self) -> str:
        from PySide6.QtWidgets import QFileDialog

        return QFileDialog.getSaveFileName(
            self.window,
            "Choose a progress file",
            "",
            "SQLite database (*.sqlite3 *.db)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )[0]


def start_app(args: argparse.Namespace, app: QApplication) -> tuple[MainWindow, Startup]:
    """Apply the theme, show the main window and begin opening the database."""
    pyside_imports.speed_up()  # the services import some 470 modules once the window shows
    settings = load_app_settings()
    apply_theme(app, bool(settings["dark"]), int(settings["text_size"]))
    context = UiContext(settings=settings)
    window = MainWindow(context, page_after_paint=True)
    window.fit_to_screen()
    db_url = getattr(args, "db", None) or os.environ.get(DB_ENV_VAR) or settings.get("db")
    startup = Startup(context, window, db_url)
    window.closing.connect(startup.save_settings)
    window.first_painted.connect(startup.start)
    window.show()
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, startup.start)  # should a paint never come
    if os.environ.get("BACKPROP_QUIZ_TEST_GEOMETRY"):  # the real-window tests ask where widgets are
        from app.ui.testing_probe import ENV_VAR, install

        install(app, os.environ[ENV_VAR])
    return window, startup


def run_app(args: argparse.Namespace) -> int:
    """Run the desktop app until its window closes; return the exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else new_application(sys.argv[:1])
    app.setApplicationName("Backprop Quiz")
    window, startup = start_app(args, app)
    code = app.exec()
    services = window.context.services
    if services is not None:
        services.close()
    return code or startup.exit_code
