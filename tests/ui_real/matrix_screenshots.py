"""Screenshots of a matrix question answered with the transposed matrix, in a real window.

    python tests/ui_real/matrix_screenshots.py OUTDIR

Xvfb and openbox at 1366x768 (desktop.py); the app's window maximized on them, a practice
quiz on "batches" moved on to a `batch-matrix-gradient` question, the transposed gradient
typed into the grid with real key events (xdotool: the cells, Tab between them, Enter), and
the screen grabbed by ImageMagick's `import`: OUTDIR/matrix-transposed-{light,dark}.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ui_real.desktop import Desktop  # noqa: E402


def shoot(desktop: Desktop, out: Path, theme: str, db: Path) -> Path:
    """One theme: the window, the question, the typed answer, the screen as a PNG."""
    from PySide6.QtWidgets import QApplication

    from app.services import open_services
    from app.ui.context import UiContext
    from app.ui.theme import apply_theme
    from app.ui.widgets.matrix_entry import MatrixEntry
    from app.ui.window import MainWindow
    from questions.atomic import write_bytes
    from questions.matrix import transpose
    from questions.model import Kind
    from questions.numbers import format_number
    from tests.ui.screenshots import answer_numeric_or_choice, settle

    app = QApplication.instance() or QApplication([])
    apply_theme(app, dark=theme == "dark")
    services = open_services(f"sqlite:///{db}")
    profile = services.create_profile("Ada")
    context = UiContext(services, profile, {"dark": theme == "dark"})
    window = MainWindow(context)
    window.showMaximized()
    settle(app, 20)
    page = window.show_page("practice")
    page.picker.set_topics(["batches"])
    page.count.setValue(12)
    page.start()
    settle(app)
    for _ in range(40):  # answer the other questions of the quiz until the matrix one
        question = page.view.question()
        if question is not None and question.kind is Kind.MATRIX:
            break
        answer_numeric_or_choice(page, right=True)
        settle(app)
        page.flow.show_next()
        settle(app)
    question = page.view.question()
    assert question is not None and question.kind is Kind.MATRIX, "no matrix question came up"
    entry = page.view.entry
    assert isinstance(entry, MatrixEntry)
    settle(app, 20)
    first = entry.cells[0][0]
    centre = first.mapToGlobal(first.rect().center())
    desktop.xdotool("mousemove", "--sync", str(centre.x()), str(centre.y()))
    desktop.xdotool("click", "1")
    settle(app)
    for r, row in enumerate(transpose(question.matrix.rows)):
        for c, value in enumerate(row):
            desktop.xdotool("type", "--delay", "30", "--", format_number(value, 3))
            settle(app)
            last = r == len(question.matrix.rows[0]) - 1 and c == len(row) - 1
            desktop.xdotool("key", "Return" if last else "Tab")
            settle(app)
    settle(app, 30)
    assert page.view.verdict is not None, "the answer was not graded"
    print(f"{theme}: {question.key} graded {page.view.verdict.mistake!r}", file=sys.stderr)
    path = out / f"matrix-transposed-{theme}.png"
    grabbed = desktop.screenshot(db.with_suffix(".png"))
    write_bytes(path, grabbed.read_bytes())  # atomically, as every file the project writes
    window.close()
    services.close()
    return path


def main() -> int:
    """Start the desktop, run this process's window on it, and write both screenshots."""
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        desktop = Desktop(Path(tmp) / "home")
        try:
            os.environ.update(desktop.env)
            for theme in ("light", "dark"):
                print(shoot(desktop, out, theme, Path(tmp) / f"{theme}.sqlite3"))
        finally:
            desktop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
