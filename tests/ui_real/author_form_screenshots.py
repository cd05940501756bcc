"""Screenshots of the Author page's form on each question type, in a real window.

    python tests/ui_real/author_form_screenshots.py OUTDIR [WIDTHxHEIGHT]

Xvfb and openbox at 1366x768 (desktop.py; another size may be given); the app's window
maximized on them, the Author page showing the example pack with a matrix question added,
each type's question chosen in the form's list with a real click (xdotool), and the screen
grabbed by ImageMagick's `import`: OUTDIR/author-form-{choice,numeric,network,family,matrix}.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ui_real.desktop import SCREEN, Desktop  # noqa: E402

MATRIX = """
[[question]]
id = "dw"
type = "matrix"
topic = "batches"
prompt = "What is $\\\\partial L / \\\\partial W$? (a row per input, a column per output)"
value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]
sigfigs = 3
"""
SHOWN = {
    "choice": "backward-needs",
    "numeric": "sigmoid-slope-max",
    "network": "mazur-w5",
    "family": "practice-output-gradients",
    "matrix": "dw",
}


def shoot(desktop: Desktop, out: Path, db: Path, suffix: str) -> list[Path]:
    """The window on the Author page; one screenshot per question type."""
    from PySide6.QtWidgets import QApplication

    from app.services import open_services
    from app.ui.context import UiContext
    from app.ui.theme import apply_theme
    from app.ui.window import MainWindow
    from questions.atomic import write_bytes
    from tests.ui.screenshots import settle

    app = QApplication.instance() or QApplication([])
    apply_theme(app, dark=False)
    services = open_services(f"sqlite:///{db}")
    context = UiContext(services, services.create_profile("Ada"), {})
    window = MainWindow(context)
    window.showMaximized()
    settle(app, 20)
    page = window.show_page("author")
    example = ROOT / "examples" / "packs" / "backprop-basics.toml"
    page.files.set_text(example.read_text(encoding="utf-8") + MATRIX, None)
    page.validate_now()
    settle(app, 20)
    assert not page.problems, page.problems
    page.tabs.setCurrentWidget(page.form)  # a narrow page shows the TOML as a tab first
    settle(app)
    written = []
    for kind, qid in SHOWN.items():
        row = [item.id for item in page.pack.items].index(qid)
        picker = page.form.picker
        picker.scrollToItem(picker.item(row))
        settle(app)
        centre = picker.viewport().mapToGlobal(picker.visualItemRect(picker.item(row)).center())
        desktop.xdotool("mousemove", "--sync", str(centre.x()), str(centre.y()))
        desktop.xdotool("click", "1")
        settle(app, 20)
        assert picker.currentRow() == row, f"the click did not choose {qid}"
        fields = page.form.fields
        assert fields is not None and fields.raw["id"] == qid
        if kind == "network":  # the layers' tables are what this type adds
            page.form.scroll.ensureWidgetVisible(fields.biases[0], 0, 0)
            settle(app, 10)
        grabbed = desktop.screenshot(db.with_name(f"{kind}.png"))
        path = out / f"author-form-{kind}{suffix}.png"
        write_bytes(path, grabbed.read_bytes())  # atomically, as every file the project writes
        written.append(path)
    window.close()
    services.close()
    return written


def main() -> int:
    """Start the desktop, run this process's window on it, and write the screenshots."""
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    size = tuple(int(n) for n in sys.argv[2].split("x")) if len(sys.argv) > 2 else SCREEN
    suffix = "" if size == SCREEN else f"-{size[0]}x{size[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        desktop = Desktop(Path(tmp) / "home", (size[0], size[1]))
        try:
            os.environ.update(desktop.env)
            for path in shoot(desktop, out, Path(tmp) / "p.sqlite3", suffix):
                print(path)
        finally:
            desktop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
