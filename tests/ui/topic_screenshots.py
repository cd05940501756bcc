"""Write PNGs of one bank question of each newer topic on the Study page (offscreen).

    python tests/ui/topic_screenshots.py OUTDIR [--size WxH]

For looking: the first question of each topic added with the tensor layers (convolution,
normalization, regularization, recurrent, attention, autodiff) is put on the Study page's
question view in the order a learner would see it, light and dark. Files are
topic-TOPIC-THEME.png, written atomically.
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
from app.ui.context import UiContext  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from questions.atomic import write_bytes  # noqa: E402
from questions.bank import questions_for  # noqa: E402
from questions.choices import shown  # noqa: E402
from tests.ui.screenshots import png_bytes, settle  # noqa: E402

TOPICS = ("convolution", "normalization", "regularization", "recurrent", "attention", "autodiff")


def main(argv: list[str] | None = None) -> int:
    """Open the window light then dark and write one Study page per topic."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--size", default="1366x768", help="window size WxH")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    width, height = (int(n) for n in args.size.lower().split("x"))
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(f"sqlite:///{Path(tmp) / 'progress.sqlite3'}")
        for theme in ("light", "dark"):
            apply_theme(app, dark=theme == "dark")
            window = MainWindow(UiContext(services, services.profile("Ada"), {}))
            window.resize(width, height)
            window.show()
            window.status.setText("")  # the app's Startup clears it once the database opens
            study = window.show_page("study")
            for topic in TOPICS:
                question, _order = shown(questions_for(topic)[0], "screenshot")
                study.view.set_question(question)
                settle(app)
                settle(app)
                path = args.outdir / f"topic-{topic}-{theme}.png"
                write_bytes(path, png_bytes(window.grab().toImage()))
                print(path)
            window.close()
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
