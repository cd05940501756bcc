"""The in-window part of bench_ui.py: each interaction timed in one offscreen main window.

`in_app_times(db, questions)` returns a list of milliseconds per interaction: Next and Submit
on the practice page, the Progress page (first time, then after an answer; as in the app,
matplotlib has been loaded by the idle-time warm-up that Startup runs after Home shows, so
the first time is the QtAgg canvas, the statistics and the drawing), a theme switch
and a text-size change from Settings with every page built, and the Workbench recomputing
after a keystroke (the time beyond its deliberate wait after the last keystroke).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

SWITCHES = 10
KEYSTROKES = 30


def settle(app: QApplication) -> None:
    """Deliver what the change posted (layouts, repaints), as the event loop would."""
    app.processEvents()
    app.processEvents()


def timed(app: QApplication, change: Callable[[], object]) -> float:
    """Milliseconds from making a change to its events processed."""
    start = time.perf_counter()
    change()
    settle(app)
    return (time.perf_counter() - start) * 1000


def answer(view, right: bool) -> None:
    """Fill in an answer on the view the way typing would, without submitting."""
    from questions.model import Kind
    from questions.numbers import format_number

    question = view.question()
    if question.kind is Kind.NUMERIC:
        view.entry.edit.setText(format_number(question.answer.value * (1 if right else 3), 4))
    else:
        flags = [c.correct for c in question.choices]  # a multi-select may have no wrong one
        view.entry.choose(flags.index(right) + 1 if right in flags else 1)


def practice_times(app: QApplication, window, questions: int) -> dict[str, list[float]]:
    """Submit and Next over a practice quiz of `questions` questions."""
    from questions.model import Kind
    from tests.services.helpers import right_response

    page = window.show_page("practice")
    page.count.setValue(questions)
    page.start()
    app.processEvents()
    found: dict[str, list[float]] = {"next": [], "submit": []}
    rng = random.Random(3)
    for _ in range(questions - 1):
        view = page.view
        if view.question().kind is Kind.GUIDED:  # blanks are checked one by one as typed
            page.flow.submit(right_response(view.question()), 0, 1.0)
        else:
            answer(view, rng.random() < 0.7)
            found["submit"].append(timed(app, view.submit))
        found["next"].append(timed(app, view.next_requested.emit))
    return found


def progress_times(app: QApplication, window) -> dict[str, list[float]]:
    """The Progress page drawn from fresh statistics: the first time, then after an answer."""
    from tests.services.helpers import right_response

    found: dict[str, list[float]] = {"progress_first": [], "progress": []}
    for key in found:
        if key == "progress":
            page = window.show_page("practice")
            page.flow.submit(right_response(page.view.question()), 0, 4.0)
        loop = QEventLoop()  # waits as the app's own loop does, leaving the GIL to the worker
        plots = window.page("progress")
        plots.drawn.connect(loop.quit)
        start = time.perf_counter()
        window.show_page("progress")
        if plots.loading:
            loop.exec()
        app.processEvents()
        found[key].append((time.perf_counter() - start) * 1000)
        plots.drawn.disconnect(loop.quit)
    return found


def look_times(app: QApplication, window) -> dict[str, list[float]]:
    """Theme switches and text-size changes from Settings, with every page built."""
    for page_id in window.page_ids:
        window.show_page(page_id)
        settle(app)
    settings = window.show_page("settings")
    settle(app)
    combo, spin = settings.theme_combo, settings.size_spin
    found: dict[str, list[float]] = {"theme": [], "text_size": []}
    for _ in range(SWITCHES):
        found["theme"].append(timed(app, lambda: combo.setCurrentIndex(1 - combo.currentIndex())))
        size = 13 if spin.value() != 13 else 11
        found["text_size"].append(timed(app, lambda s=size: spin.setValue(s)))
    return found


class _TimerFired(QObject):
    """Notes when a QTimer fires, before any slot connected to it runs."""

    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer:
            self.at = time.perf_counter()
        return False


def workbench_times(app: QApplication, window) -> dict[str, list[float]]:
    """A keystroke in the script's values and in the network's TOML: from the page's wait
    for typing to pause running out to the new solution shown."""
    page = window.show_page("workbench")
    settle(app)
    found: dict[str, list[float]] = {"workbench_script": [], "workbench_network": []}
    targets = (  # each keystroke keeps the input valid, so a solution is always shown
        ("workbench_script", page.values_edit, page.script_panel, Qt.Key.Key_1),
        ("workbench_network", page.network_editor, page.network_panel, Qt.Key.Key_Space),
    )
    for key, editor, panel, typed in targets:
        editor.setFocus()
        QTest.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        shown: list[float] = []
        panel.solution.document().contentsChanged.connect(
            lambda s=shown: s.append(time.perf_counter())
        )
        fired = _TimerFired()
        panel.timer.installEventFilter(fired)
        for stroke in range(KEYSTROKES):
            shown.clear()
            fired.at = None
            QTest.keyClick(editor, typed if stroke % 2 == 0 else Qt.Key.Key_Backspace)
            deadline = time.perf_counter() + 10
            while not (shown and fired.at) and time.perf_counter() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            if not (shown and fired.at):
                raise RuntimeError(f"{key}: no solution shown 10 s after a keystroke")
            found[key].append((shown[-1] - fired.at) * 1000)
        panel.timer.removeEventFilter(fired)
    return found


def warm_up(app: QApplication, context) -> None:
    """What Startup does once Home shows: matplotlib loaded on a pool thread (waited for)."""
    from app.ui.pages.progress import warm_up_plots

    warm_up_plots(context)
    deadline = time.perf_counter() + 60
    while context._jobs and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def in_app_times(db: Path, questions: int) -> dict[str, list[float]]:
    """Every in-window interaction, timed in one window on the database."""
    from app.services import open_services
    from app.ui.context import UiContext
    from app.ui.theme import apply_theme
    from app.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    apply_theme(app, dark=False)
    services = open_services(f"sqlite:///{db}")
    config = db.with_name("bench-settings.json")
    context = UiContext(services, services.profile("Ada"), {"config_file": str(config)})
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    warm_up(app, context)
    found = practice_times(app, window, questions)
    found |= progress_times(app, window)
    found |= look_times(app, window)
    found |= workbench_times(app, window)
    window.close()
    services.close()
    return found
