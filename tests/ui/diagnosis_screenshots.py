"""Write PNGs of a diagnosed wrong answer in study, practice and the exam review (offscreen).

    python tests/ui/diagnosis_screenshots.py OUTDIR [--size WxH]

Each page gets a numeric question answered with a mistake model's value, so its feedback
names the mistake in the words of the question's loss and activation and the step where it
goes wrong. Files are diagnosed-PAGE-THEME.png, light and dark, written atomically.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services import open_services  # noqa: E402
from app.services.exam import Exam  # noqa: E402
from app.ui.context import UiContext  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from questions import registry  # noqa: E402
from questions.atomic import write_bytes  # noqa: E402
from questions.numbers import format_number  # noqa: E402
from tests.ui.screenshots import answer_with_a_mistake, png_bytes, seed, settle, wait_for  # noqa: E402

EXAM_QUESTION = ("loss-neuron-gradient", 3, 5)
"""The exam's first question, answered with its first mistake's value."""


def shoot(window: MainWindow, app: QApplication, out: Path, theme: str) -> list[Path]:
    """Study, practice and the exam review, each with a diagnosed wrong answer on screen."""
    written: list[Path] = []

    def save(name: str) -> None:
        settle(app)
        path = out / f"diagnosed-{name}-{theme}.png"
        write_bytes(path, png_bytes(window.grab().toImage()))
        written.append(path)

    study = window.show_page("study")
    answer_with_a_mistake(study)
    save("study")
    practice = window.show_page("practice")
    practice.show_setup()
    practice.picker.set_topics(["losses"])
    practice.count.setValue(12)  # a numeric question among them, as good as surely
    practice.level.setCurrentIndex(1)
    practice.start()
    answer_with_a_mistake(practice)
    save("practice")
    exam_page = window.show_page("exam")
    context = window.context
    question = registry.family(EXAM_QUESTION[0]).question(*EXAM_QUESTION[1:])
    filler = registry.family("chain-rule").question(2, 7)
    exam = Exam(context.services.ctx, context.profile.id, [question, filler], 1200, ("x",), 2)
    exam_page.begin(exam)
    wait_for(app, lambda: exam_page.stack.currentWidget() is exam_page.running)
    exam.answer(0, format_number(question.mistakes[0].value, 4))
    exam_page.submit()
    exam_page.finish()
    exam_page.review(0)
    save("exam-review")
    return written


def main(argv: list[str] | None = None) -> int:
    """Seed a learner, open the window light then dark, and write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--size", default="1366x768", help="window size WxH")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    width, height = (int(n) for n in args.size.lower().split("x"))
    app = QApplication.instance() or QApplication([])
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'progress.sqlite3'}"
        seed(url)
        for theme in ("light", "dark"):
            apply_theme(app, dark=theme == "dark")
            services = open_services(url)
            context = UiContext(services, services.profile("Ada"), {"dark": theme == "dark"})
            window = MainWindow(context)
            window.resize(width, height)
            window.show()
            window.refresh_current()
            written += shoot(window, app, args.outdir, theme)
            window.close()
            services.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
