"""Benchmark the desktop app offscreen with 100,000 attempts in the database.

    python tests/benchmarks/bench_ui.py [--json] [--attempts N] [--runs R] [--questions Q]

Measures, in one run, the median and p95 of every interaction:
- start-up: process start to the main window's first paint, for `backprop-quiz --db DB`
  (through app.cli, as the command runs) and for a bare PySide6 window process (--runs
  each); `startup_ratio` is the ratio of their medians. `home_ready_ms`: until Home shows
  the learner's data (app.ui.main.start_app called directly).
- in one window (bench_ui_window.py): Next -> question shown and Submit -> feedback shown
  on the practice page over --questions questions; the Progress page drawn from fresh
  statistics the first time (matplotlib imported then) and after one more answer; a theme
  switch and a text-size change from Settings with every page built; the Workbench
  recomputing after a keystroke, beyond its wait for typing to pause.
--json prints the headline figures (TARGETS' keys), "interactions" (median_ms, p95_ms and
n of each) and "details".
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

from bench_ui_window import in_app_times  # noqa: E402

TARGETS = {
    "startup_ratio": 1.3,
    "home_ready_ms": 800.0,
    "next_p95_ms": 50.0,
    "submit_p95_ms": 50.0,
    "progress_first_ms": 400.0,
    "progress_ms": 300.0,
    "theme_ms": 150.0,
    "text_size_ms": 150.0,
    "workbench_p95_ms": 100.0,
}
"""Each headline figure and its upper bound."""

CHILD_APP = """
import argparse, os, sys, time
from PySide6.QtCore import QEvent, QObject
from app.ui.main import start_app
from app.ui.theme import new_application

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in marks:
            marks["painted"] = time.time()
        return False

marks = {}
app = new_application(sys.argv[:1])  # as app.ui.main.run_app makes it
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
    """The 95th percentile (the value itself when there is one)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def fill_database(path: Path, attempts: int) -> None:
    """A learner "Ada" with `attempts` answers over 60 days (the store benchmark's filler)."""
    from bench_store import fill

    from app.store.database import open_database
    from app.store.repository import Repository

    with open_database(f"sqlite:///{path}") as db:
        ada = Repository(db).create_profile("Ada", {"new_per_day": 5})
        fill(db, ada.id, attempts, datetime.now(UTC), random.Random(7))


def startup_times(db: Path, runs: int, config: Path) -> dict[str, list[float]]:
    """Ms from spawning to first paint, per run: `backprop-quiz --db DB` as the command runs it
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
    return found


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
        found = {
            "startup_" + k: v
            for k, v in startup_times(db, args.runs, Path(folder) / "config").items()
        }
        found |= in_app_times(db, args.questions)
    stats = {
        name: {"median_ms": statistics.median(v), "p95_ms": p95(v), "n": len(v)}
        for name, v in found.items()
    }
    median = {name: s["median_ms"] for name, s in stats.items()}
    result = {
        "startup_ratio": median["startup_app"] / median["startup_bare"],
        "home_ready_ms": median["startup_ready"],
        "next_p95_ms": stats["next"]["p95_ms"],
        "submit_p95_ms": stats["submit"]["p95_ms"],
        "progress_first_ms": median["progress_first"],
        "progress_ms": median["progress"],
        "theme_ms": median["theme"],
        "text_size_ms": median["text_size"],
        "workbench_p95_ms": max(
            stats["workbench_script"]["p95_ms"], stats["workbench_network"]["p95_ms"]
        ),
    }
    if args.json:
        out: dict[str, object] = {k: round(v, 3) for k, v in result.items()}
        out["interactions"] = {
            name: {k: round(v, 1) if k != "n" else v for k, v in s.items()}
            for name, s in stats.items()
        }
        out["details"] = {"attempts": args.attempts, "cpus": os.cpu_count()}
        print(json.dumps(out))
        return 0
    print(f"UI benchmark, offscreen, {args.attempts:,} attempts in SQLite")
    for key, value in result.items():
        verdict = "ok" if value <= TARGETS[key] else "OVER"
        print(f"  {key:<18} {value:9.2f}   target <= {TARGETS[key]:<6}  {verdict}")
    print(f"  {'interaction':<20} {'median ms':>10} {'p95 ms':>10} {'n':>4}")
    for name, s in stats.items():
        print(f"  {name:<20} {s['median_ms']:10.1f} {s['p95_ms']:10.1f} {s['n']:4d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
