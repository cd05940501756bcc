"""Open the desktop app from the command line, or say why it cannot open and exit 2.

Qt-free until the checks pass: a machine without the X11 libraries, without a display, or
without Qt's own system libraries gets a message naming the packages instead of an abort.
"""

from __future__ import annotations

import argparse
import re
import sys

from app.ui.platform_check import XCB_LIBRARIES, problem

CANNOT_START = 2


def _library_problem(error: ImportError) -> str:
    """The message for Qt failing to import (a system library missing)."""
    found = re.search(r"(lib[\w.+-]+\.so[\w.]*)", str(error))
    library = found.group(1) if found else ""
    package = XCB_LIBRARIES.get(library, "")
    fix = f"    sudo apt install {package}\n" if package else ""
    return (
        f"Backprop Quiz cannot start its window: Qt could not load ({error}).\n"
        + (f"On Debian or Ubuntu, install the missing package with:\n{fix}" if fix else "")
        + "See the README's section on system packages. The headless commands work "
        "without it: backprop-quiz --help."
    )


def run_app(args: argparse.Namespace) -> int:
    """Check the platform, then run the app; 2 with a message when it cannot start."""
    reason = problem()
    if reason is not None:
        print(reason, file=sys.stderr)
        return CANNOT_START
    try:
        import PySide6.QtCore  # noqa: F401  (installs the import hook sped up next)

        from app.ui import pyside_imports

        pyside_imports.speed_up()
        from app.ui.main import run_app as run
    except ImportError as error:
        if "PySide6" not in str(error) and ".so" not in str(error):
            raise
        print(_library_problem(error), file=sys.stderr)
        return CANNOT_START
    return run(args)
