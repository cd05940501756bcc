"""Write a PNG of every page, light and dark, at 1366x768 and 1024x700 (offscreen).

    python tests/ui/screenshots.py OUTDIR [--size WxH ...]

For looking, and the README. A learner with two weeks of answers is made in a temporary
database first (afresh for each size), so Home and Progress have something to show. Files
are NAME-THEME.png at the first size and NAME-THEME-WxH.png at the others, compressed
as far as PNG goes without losing a pixel, and written atomically. Pages that another part
of the app has not provided yet are skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEventLoop, QIODevice  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services import open_services  # noqa: E402
from app.services.context import local_now  # noqa: E402
from app.ui.context import UiContext  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from questions.atomic import write_bytes  # noqa: E402
from questions.model import Kind  # noqa: E402
from questions.numbers import format_number  # noqa: E402
from tests.services.helpers import right_response, wrong_response  # noqa: E402


def seed(url: str, days: int = 14) -> None:
    """Two weeks of study answers, about three in four right, at realistic times."""
    now = local_now()
    clock = {"t": now - timedelta(days=days)}
    rng = random.Random(7)
    with open_services(url, now=lambda: clock["t"]) as services:
        profile = services.create_profile("Ada")
        services.update_settings(profile.id, 6)
        for day in range(days):
            clock["t"] = now - timedelta(days=days - day, hours=rng.uniform(0, 3))
            session = services.study(profile.id)
            for _ in range(rng.randrange(3, 8)):
                question = session.next()
                if question is None:
                    break
                right = rng.random() < 0.75
                response = right_response(question) if right else wrong_response(question)
                clock["t"] += timedelta(seconds=rng.uniform(15, 80))
                session.submit(response, 0, rng.uniform(10, 70))


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let queued events and background jobs finish."""
    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    QCoreApplication.sendPostedEvents()


def wait_for(app: QApplication, condition, seconds: float = 30.0) -> None:
    """Process events until condition() holds; RuntimeError after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting after {seconds} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def answer_numeric_or_choice(page, right: bool) -> None:
    """Answer the question on a page's view without a keyboard (feedback screenshots)."""
    view = page.view
    question = view.question()
    if question.kind is Kind.NUMERIC:
        value = question.answer.value if right else question.answer.value * 3 + 1
        view.entry.edit.setText(format_number(value, 4))
    elif question.kind is Kind.SINGLE:
        view.entry.choose([c.correct == right for c in question.choices].index(True) + 1)
    else:
        view.submitted.emit(right_response(question), 0, 5.0)
        return
    view.submit()


def answer_with_a_mistake(page) -> None:
    """Move on to a numeric question and answer it with a mistake's value, so the feedback
    shows the diagnosis and the worked solution (the app's showcase)."""
    for _ in range(30):
        question = page.view.question()
        if question is None:  # the session has run out
            return
        if question.kind is Kind.NUMERIC and question.mistakes:
            page.view.entry.edit.setText(format_number(question.mistakes[0].value, 4))
            page.view.submit()
            return
        answer_numeric_or_choice(page, right=True)
        if not page.flow.show_next():
            return
    answer_numeric_or_choice(page, right=False)


SIZES = ("1366x768", "1024x700")


def png_bytes(image: QImage) -> bytes:
    """The image as a PNG at zlib's strongest compression (lossless)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 0)  # quality 0: the most compression Qt's PNG writer has
    return bytes(data.data())


def shoot(
    window: MainWindow, app: QApplication, out: Path, theme: str, suffix: str = ""
) -> list[Path]:
    """Visit every page (and the key states of the question pages) and save PNGs."""
    written: list[Path] = []

    def save(name: str) -> None:
        settle(app)
        path = out / f"{name}-{theme}{suffix}.png"
        write_bytes(path, png_bytes(window.grab().toImage()))
        written.append(path)

    for page_id in window.page_ids:
        try:
            page = window.show_page(page_id)
        except ImportError as error:
            print(f"skipped {page_id}: {error}", file=sys.stderr)
            continue
        if page_id == "study":
            save("study-question")
            answer_with_a_mistake(page)
            save("study-feedback")
            continue
        if page_id == "practice":
            page.show_setup()
            save("practice-setup")
            page.picker.set_topics(["mlp-backprop"])
            page.count.setValue(3)
            page.start()
            answer_numeric_or_choice(page, right=True)
            save("practice-feedback")
            continue
        if page_id == "exam":
            page.show_setup()
            save("exam-setup")
            page.picker.set_topics(["activations", "mlp-backprop"])
            page.count.setValue(4)
            page.build()
            wait_for(app, lambda p=page: p.stack.currentWidget() is p.running)
            page.exam.flag(1)
            page.go(0)
            save("exam-running")
            page.submit()
            save("exam-summary")
            page.finish()
            page.review(0)
            save("exam-report")
            continue
        if page_id == "progress":
            wait_for(app, lambda p=page: not p.loading)
        save(page_id)
    return written


def main(argv: list[str] | None = None) -> int:
    """Make the database, open the window, and write every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--size", nargs="+", default=SIZES, help="window sizes WxH")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    written: list[Path] = []
    for number, size in enumerate(args.size):
        written += shoot_size(app, args.outdir, size, "" if number == 0 else f"-{size}")
    for path in written:
        print(path)
    return 0


def shoot_size(app: QApplication, out: Path, size: str, suffix: str) -> list[Path]:
    """Every page at one window size, light then dark, on a freshly seeded database."""
    width, height = (int(n) for n in size.lower().split("x"))
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'progress.sqlite3'}"
        seed(url)
        for theme in ("light", "dark"):
            apply_theme(app, dark=theme == "dark")
            services = open_services(url)
            context = UiContext(services, services.profile("Ada"), {"dark": theme == "dark"})
            context.settings["db_in_use"] = str(Path(tmp) / "progress.sqlite3")
            window = MainWindow(context)
            window.resize(width, height)
            window.show()
            window.update_status()
            window.refresh_current()
            written += shoot(window, app, out, theme, suffix)
            window.close()
            services.close()
    return written


if __name__ == "__main__":
    sys.exit(main())
