"""Benchmark the desktop app offscreen with 100,000 attempts in the database.

    python tests/benchmarks/bench_ui.py [--json] [--attempts N] [--runs R] [--questions Q]

Measures, in one run:
- start-up: process start to the main window's first paint, for `backprop-quiz --db DB`
  (through app.cli, as the command runs) and for a bare PySide6 window process (median of
  --runs each); the ratio is the target (at most 1.5). `direct_first_paint_ms` starts the
  window with app.ui.main.start_app, skipping app.cli. The window paints before the
  database opens ("Opening your progress…"); `home_ready_ms` is until Home shows data.
- Next -> question shown and Submit -> feedback shown on the practice page, p95 over
  --questions questions of every topic (target: at most 50 ms each);
- Progress page shown: from asking for the page to the plots drawn from fresh statistics,
  the first time (matplotlib imported then) and again after one more answer (the target,
  at most 300 ms).
--json prints {"startup_ratio", "next_p95_ms", "submit_p95_ms", "progress_ms"} and the
details under "details".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "benchmarks")]

TARGETS = {"startup_ratio": 1.5, "next_p95_ms": 50.0, "submit_p95_ms": 50.0, "progress_ms": 300.0}

CHILD_APP = """
import argparse, os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from app.ui.main import start_app

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in marks:
            marks["painted"] = time.time()
        return False

marks = {}
app = QApplication(sys.argv[:1])
window, startup = start_app(argparse.Namespace(db=sys.argv[1]), app)
watch = Watch()
window.installEventFilter(watch)
while window.context.profile is None and startup.error_dialog is None:
    app.processEvents()
marks["ready"] = time.time()
print(marks["painted"], marks["ready"])
"""

CHILD_CLI = """
import os, sys, time
from PySide6.QtCore import QEvent
import app.ui.window as window_module

first_event = window_module.MainWindow.event

def event(self, event):
    if event.type() == QEvent.Type.Paint:
        print(time.time(), time.time())
        sys.stdout.flush()
        os._exit(0)
    return first_event(self, event)

window_module.MainWindow.event = event
from app.cli import main
main(["--db", sys.argv[1]])
"""

CHILD_BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time(), time.time())
            sys.stdout.flush()
            app.exit(0)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1280, 800)
watch = Watch()
window.installEventFilter(watch)
window.show()
app.exec()
"""


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def fill_database(path: Path, attempts: int) -> None:
    """A learner "Ada" with `attempts` answers over 60 days (the store benchmark's filler)."""
    from bench_store import fill

    from app.store.database import open_database
    from app.store.repository import Repository

    with open_database(f"sqlite:///{path}") as db:
        ada = Repository(db).create_profile("Ada", {"new_per_day": 5})
        fill(db, ada.id, attempts, datetime.now(UTC), random.Random(7))


def startup_times(db: Path, runs: int, config: Path) -> dict[str, float]:
    """Median ms from spawning to first paint: `backprop-quiz --db DB` as the command runs it
    (app), app.ui.main.start_app called directly (direct), a bare window (bare); and to Home
    showing the learner's data (ready, direct)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    env["PYTHONPATH"] = str(ROOT)
    env.pop("BACKPROP_QUIZ_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app starts from compiled bytecode
    (config / "backprop-quiz").mkdir(parents=True, exist_ok=True)
    (config / "backprop-quiz" / "settings.json").write_text('{"profile": "Ada"}')
    found: dict[str, list[float]] = {"app": [], "direct": [], "bare": [], "ready": []}
    for run in range(runs + 1):  # run 0 warms the disk cache and writes bytecode; not counted
        for kind, script in (("bare", CHILD_BARE), ("app", CHILD_CLI), ("direct", CHILD_APP)):
            start = time.time()
            out = subprocess.run(
                [sys.executable, "-c", script, str(db)],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            painted, ready = (float(x) for x in out.stdout.split()[:2])
            if run == 0:
                continue
            found[kind].append((painted - start) * 1000)
            if kind == "direct":
                found["ready"].append((ready - start) * 1000)
    return {k: statistics.median(v) for k, v in found.items()}


def answer(view, right: bool) -> None:
    """Fill in an answer on the view the way typing would, without submitting."""
    from questions.model import Kind
    from questions.numbers import format_number

    question = view.question()
    if question.kind is Kind.NUMERIC:
        view.entry.edit.setText(format_number(question.answer.value * (1 if right else 3), 4))
    else:
        view.entry.choose([c.correct for c in question.choices].index(right) + 1)


def in_app_times(db: Path, questions: int) -> dict[str, float]:
    """Next and Submit on the practice page, and the Progress page, in one window."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.services import open_services
    from app.ui.context import UiContext
    from app.ui.theme import apply_theme
    from app.ui.window import MainWindow
    from questions.model import Kind
    from tests.services.helpers import right_response

    app = QApplication.instance() or QApplication([])
    apply_theme(app, dark=False)
    services = open_services(f"sqlite:///{db}")
    window = MainWindow(UiContext(services, services.profile("Ada"), {}))
    window.resize(1280, 800)
    window.show()
    app.processEvents()

    page = window.show_page("practice")
    page.count.setValue(questions)
    page.start()
    app.processEvents()
    nexts, submits = [], []
    rng = random.Random(3)
    for _ in range(questions - 1):
        view = page.view
        if view.question().kind is Kind.GUIDED:  # blanks are checked one by one as typed
            page.flow.submit(right_response(view.question()), 0, 1.0)
        else:
            answer(view, rng.random() < 0.7)
            t = time.perf_counter()
            view.submit()
            app.processEvents()
            submits.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        view.next_requested.emit()
        app.processEvents()
        nexts.append((time.perf_counter() - t) * 1000)

    progress: list[float] = []
    for round_ in range(2):  # the first time imports matplotlib; the second follows an answer
        if round_:
            window.show_page("practice")
            page.flow.submit(right_response(page.view.question()), 0, 4.0)
        loop = QEventLoop()  # waits as the app's own loop does, leaving the GIL to the worker
        plots = window.page("progress")
        plots.drawn.connect(loop.quit)
        t = time.perf_counter()
        window.show_page("progress")
        if plots.loading:
            loop.exec()
        app.processEvents()
        progress.append((time.perf_counter() - t) * 1000)
        plots.drawn.disconnect(loop.quit)
    window.close()
    services.close()
    return {
        "next_p95_ms": p95(nexts),
        "submit_p95_ms": p95(submits),
        "progress_first_ms": progress[0],
        "progress_ms": progress[1],
    }


def main(argv: list[str] | None = None) -> int:
    """Fill a database, measure, print a table or JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="start-up runs of each process")
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as folder:
        db = Path(folder) / "progress.sqlite3"
        fill_database(db, args.attempts)
        start = startup_times(db, args.runs, Path(folder) / "config")
        inside = in_app_times(db, args.questions)
    result = {
        "startup_ratio": start["app"] / start["bare"],
        "next_p95_ms": inside["next_p95_ms"],
        "submit_p95_ms": inside["submit_p95_ms"],
        "progress_ms": inside["progress_ms"],
    }
    details = {
        "app_first_paint_ms": start["app"],
        "direct_first_paint_ms": start["direct"],
        "bare_first_paint_ms": start["bare"],
        "home_ready_ms": start["ready"],
        "progress_first_ms": inside["progress_first_ms"],
        "attempts": args.attempts,
    }
    if args.json:
        out = {k: round(v, 3) for k, v in result.items()}
        out["details"] = {k: round(v, 1) for k, v in details.items()}  # type: ignore[assignment]
        print(json.dumps(out))
        return 0
    print(f"UI benchmark, offscreen, {args.attempts:,} attempts in SQLite")
    for key, value in result.items():
        verdict = "ok" if value <= TARGETS[key] else "OVER"
        print(f"  {key:<16} {value:9.2f}   target <= {TARGETS[key]:<6}  {verdict}")
    for key, value in details.items():
        print(f"  {key:<20} {value:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
