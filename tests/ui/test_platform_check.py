"""Before Qt starts: missing X11 libraries or no display are a message and exit 2, not 134."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.ui.platform_check import XCB_LIBRARIES, missing_packages, problem, uses_xcb

ROOT = Path(__file__).resolve().parents[2]
X11 = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}


def failing_loader(*missing: str):
    def load(library: str) -> object:
        if library in missing:
            raise OSError(f"{library}: cannot open shared object file")
        return object()

    return load


def test_missing_libraries_are_named_by_their_debian_packages() -> None:
    load = failing_loader("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")
    assert missing_packages(load) == ["libxcb-cursor0", "libxkbcommon-x11-0"]
    message = problem(X11, "linux", load, lambda _d: True)
    assert "sudo apt install libxcb-cursor0 libxkbcommon-x11-0" in message


def test_no_display_and_an_unreachable_display_are_said_in_words() -> None:
    load = failing_loader()
    assert "DISPLAY is not set" in problem({}, "linux", load, lambda _d: True)
    unreachable = problem({"DISPLAY": ":9"}, "linux", load, lambda _d: False)
    assert "no X server answers at DISPLAY=:9" in unreachable
    assert problem({"DISPLAY": ":9"}, "linux", load, lambda _d: True) is None


def test_other_platforms_and_plugins_are_not_checked() -> None:
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({}, "darwin") and not uses_xcb({}, "win32")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux") and uses_xcb({}, "linux")


def test_every_library_the_xcb_plugin_needs_has_a_package() -> None:
    assert all(package.startswith("lib") for package in XCB_LIBRARIES.values())
    assert "libxcb-cursor.so.0" in XCB_LIBRARIES


def run_app(env_extra: dict[str, str], prelude: str = "") -> subprocess.CompletedProcess:
    script = prelude + "import sys\nfrom app.cli import main\nsys.exit(main([]))\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env_extra)
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )


def test_the_app_exits_2_with_advice_when_the_display_answers_nowhere() -> None:
    out = run_app({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987"})
    assert out.returncode == 2, out.stderr
    assert "no X server answers at DISPLAY=:987" in out.stderr


def test_the_app_exits_2_naming_the_package_when_a_library_is_missing() -> None:
    hide = (
        "import ctypes\n"
        "real = ctypes.CDLL\n"
        "def fake(name, *args, **kwargs):\n"
        "    if name == 'libxcb-cursor.so.0':\n"
        "        raise OSError(name + ': cannot open shared object file')\n"
        "    return real(name, *args, **kwargs)\n"
        "ctypes.CDLL = fake\n"
    )
    out = run_app({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987"}, hide)
    assert out.returncode == 2, out.stderr
    assert "sudo apt install libxcb-cursor0" in out.stderr
    assert "Traceback" not in out.stderr


def test_version_prints_the_version_and_exits_0() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "app", "--version"],
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert out.stdout.startswith("backprop-quiz ") and out.stdout.strip() != "backprop-quiz"
