"""Starting the app: first-run learner dialog, --db, a database that will not open."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.app_settings import load_app_settings
from app.ui.main import start_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings go to a temporary config folder, and no database comes from the environment."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BACKPROP_QUIZ_DB", raising=False)
    return tmp_path / "config"


def start(qtbot, db: Path):
    """Start the app on a database file and wait until it is open (or failed)."""
    window, startup = start_app(argparse.Namespace(db=str(db)), QApplication.instance())
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: bool(startup.profile_dialog or startup.error_dialog or window.context.profile),
        timeout=15000,
    )
    return window, startup


def test_first_run_asks_for_a_name_then_home_greets_the_learner(qtbot, tmp_path, config_home):
    window, startup = start(qtbot, tmp_path / "progress.sqlite3")
    dialog = startup.profile_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, "  Ada  ")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert window.context.profile.name == "Ada"
    assert window.current_page().heading.text() == "Welcome, Ada"
    assert window.status.text() == "Learner: Ada"
    settings = config_home / "backprop-quiz" / "settings.json"
    qtbot.waitUntil(lambda: settings.exists(), timeout=5000)  # saved just after Home shows
    assert json.loads(settings.read_text())["profile"] == "Ada"


def test_an_empty_name_is_refused_with_a_reason(qtbot, tmp_path):
    _window, startup = start(qtbot, tmp_path / "progress.sqlite3")
    dialog = startup.profile_dialog
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error.text() == "Type a name for the new learner."


def test_the_next_start_remembers_the_learner(qtbot, tmp_path, config_home):
    db = tmp_path / "progress.sqlite3"
    first, startup = start(qtbot, db)
    startup.profile_dialog.name_edit.setText("Ada")
    startup.profile_dialog._accept()
    settings = config_home / "backprop-quiz" / "settings.json"
    qtbot.waitUntil(lambda: settings.exists(), timeout=5000)  # saved just after Home shows
    first.context.services.create_profile("Grace")
    first.context.services.close()
    second, again = start(qtbot, db)
    assert again.profile_dialog is None
    assert second.context.profile.name == "Ada"


def test_a_corrupt_file_is_a_dialog_offering_another_file(qtbot, tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    window, startup = start(qtbot, bad)
    dialog = startup.error_dialog
    assert dialog is not None and dialog.isVisible()
    assert str(bad) in dialog.text()
    assert "Choose another" in dialog.informativeText() or "another" in dialog.informativeText()
    startup.ask_database_path = lambda: str(tmp_path / "fresh.sqlite3")
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: startup.profile_dialog is not None, timeout=15000)
    assert window.context.settings["db_in_use"] == str(tmp_path / "fresh.sqlite3")
    assert bad.read_bytes().startswith(b"this is not a database")  # left untouched


def test_quitting_from_the_error_dialog_exits_with_code_1(qtbot, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 500)
    window, startup = start(qtbot, bad)
    startup.error_dialog.quit_button.click()
    assert startup.exit_code == 1
    assert not window.isVisible()


def test_matplotlib_loads_off_the_gui_thread_only_after_home_shows(tmp_path):
    script = (
        "import argparse, sys, time\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui.app_settings import load_app_settings\nfrom app.ui.main import start_app\n"
        "print('sqlalchemy' in sys.modules)\n"
        "app = QApplication([])\n"
        f"window, startup = start_app(argparse.Namespace(db={str(tmp_path / 'p.db')!r}), app)\n"
        "while not (startup.profile_dialog or window.context.profile or startup.error_dialog):\n"
        "    app.processEvents()\n"
        "print('services' if window.context.services else 'none', 'matplotlib' in sys.modules)\n"
        "startup._profile_chosen('Ada', True)\n"
        "end = time.time() + 30\n"
        "while 'matplotlib.font_manager' not in sys.modules and time.time() < end:\n"
        "    app.processEvents()\n"
        "print('matplotlib.font_manager' in sys.modules)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.split() == ["False", "services", "False", "True"], out.stderr


def test_unreadable_settings_fall_back_to_defaults(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"dark": "yes", "text_size": 99, "db": 3}', encoding="utf-8")
    settings = load_app_settings(path)
    assert (settings["dark"], settings["text_size"], settings["db"]) == (False, 11, None)


def test_the_window_paints_first_then_builds_home_then_opens_the_database(qtbot, tmp_path):
    window, startup = start_app(
        argparse.Namespace(db=str(tmp_path / "p.sqlite3")), QApplication.instance()
    )
    qtbot.addWidget(window)
    assert window.current_page_id() == "home"
    assert "home" not in window._pages and window.context.services is None
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        pass
    assert type(window.current_page()).__name__ == "HomePage"
    assert startup._started  # on the paint, not after the 400 ms fallback
    qtbot.waitUntil(lambda: startup.profile_dialog is not None, timeout=15000)
    assert window.context.services is not None


def test_closing_the_first_run_dialog_starts_with_a_default_learner(qtbot, tmp_path):
    window, startup = start(qtbot, tmp_path / "progress.sqlite3")
    dialog = startup.profile_dialog
    dialog.close()  # the window's close button
    assert not dialog.isVisible()
    assert window.context.profile.name == "Learner"
    assert window.status.text() == "Learner: Learner"


def test_closing_the_dialog_keeps_a_name_already_typed(qtbot, tmp_path):
    _window, startup = start(qtbot, tmp_path / "progress.sqlite3")
    startup.profile_dialog.name_edit.setText("Grace")
    startup.profile_dialog.close()
    assert startup.context.profile.name == "Grace"


def test_the_window_state_is_saved_on_close_and_the_last_page_comes_back(
    qtbot, tmp_path, config_home
):
    db = tmp_path / "progress.sqlite3"
    first, startup = start(qtbot, db)
    startup.profile_dialog.name_edit.setText("Ada")
    startup.profile_dialog._accept()
    first.show_page("guide")
    first.close()
    first.context.services.close()
    saved = json.loads((config_home / "backprop-quiz" / "settings.json").read_text())
    assert saved["window"]["page"] == "guide" and saved["window"]["geometry"]
    second, _again = start(qtbot, db)
    assert second.current_page_id() == "guide"
    second.context.services.close()


def test_the_first_window_fits_the_screen_it_opens_on(qtbot, tmp_path):
    window, _startup = start(qtbot, tmp_path / "progress.sqlite3")
    available = window.screen().availableGeometry()
    assert window.width() <= max(available.width(), window.minimumWidth())
    assert window.height() <= max(available.height(), window.minimumHeight())


def test_home_shows_the_learners_figures_once_the_file_checked_ahead_is_open(qtbot, tmp_path):
    from app.store import look_ahead
    from app.store.database import open_database
    from app.store.repository import Repository
    from tests.store.factories import attempt

    db = tmp_path / "progress.sqlite3"
    with open_database(f"sqlite:///{db}") as database:
        repo = Repository(database)
        ada = repo.create_profile("Ada")
        for i in range(12):
            repo.record_attempt(attempt(ada.id, question_key=f"chain-rule/L2/{i}", correct=i < 9))
    window, _startup = start(qtbot, db)
    home = window.current_page()
    assert home.heading.text() == "Welcome back, Ada"
    assert home.answers_tile.value.text() == "9 / 12"
    assert look_ahead._started == {}  # the look started at open was taken up, not left behind


def test_home_shows_the_learners_data_then_the_keys_are_bound(qtbot, tmp_path, config_home):
    from app.services import open_services

    db = tmp_path / "progress.sqlite3"
    with open_services(f"sqlite:///{db}") as services:
        services.create_profile("Ada")
    (config_home / "backprop-quiz").mkdir(parents=True)
    (config_home / "backprop-quiz" / "settings.json").write_text('{"profile": "Ada"}')
    window, _startup = start_app(argparse.Namespace(db=str(db)), QApplication.instance())
    qtbot.addWidget(window)
    assert not window.actions_by_id  # none before the database is open
    qtbot.waitUntil(lambda: window.context.profile is not None, timeout=15000)
    assert window.current_page().heading.text() == "Welcome, Ada"
    qtbot.waitUntil(lambda: bool(window.actions_by_id), timeout=5000)
    assert window.actions_by_id["app.search"].shortcut().toString() == "Ctrl+K"
    assert window.menuBar().actions()[0].menu().actions()  # the File menu is filled
    window.context.services.close()
