"""A real X desktop for the real-window tests: Xvfb, the openbox window manager, and the app.

`Desktop` starts Xvfb on a free display and openbox on it; `Desktop.launch` starts
`python -m app` there as a learner would (the xcb platform, its own HOME and XDG folders,
a `--db` file) and returns a `RunningApp`. The app says where its widgets are through
app.ui.testing_probe; every click and key press is a real X event sent by xdotool.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCREEN = (1366, 768)
Widget = dict[str, Any]
"""One widget as app.ui.testing_probe describes it (class, name, accessible, text, rect…)."""


def wait_for(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    """Poll until condition() returns something true and return it; fail saying `what`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.1)


class Desktop:
    """Xvfb and openbox on a free display, stopped by `close`."""

    def __init__(self, home: Path, size: tuple[int, int] = SCREEN) -> None:
        self.home = home
        self.size = size
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write),
                "-screen",
                "0",
                f"{size[0]}x{size[1]}x24",
                "-nolisten",
                "tcp",
                "-noreset",
            ],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start (no display number)")
        self.display = f":{number}"
        self.env = self._env()
        self.wm = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._wm_running, 20, "openbox to manage the display")

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BACKPROP_QUIZ", "QT_"))}
        runtime = self.home / "runtime"
        for folder in ("config", "data", "cache", "runtime"):
            (self.home / folder).mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        env.update(
            DISPLAY=self.display,
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            XDG_RUNTIME_DIR=str(runtime),
            QT_QPA_PLATFORM="xcb",
            PYTHONPATH=str(ROOT),
        )
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def _wm_running(self) -> bool:
        out = subprocess.run(
            ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
            env=self.env,
            capture_output=True,
            text=True,
        )
        return "window id" in out.stdout

    def xdotool(self, *args: str) -> str:
        """Run xdotool on this display; its output."""
        out = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30
        )
        if out.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout

    def screenshot(self, path: Path) -> Path:
        """The whole screen as a PNG (for a failing test's report)."""
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, timeout=30)
        return path

    def launch(self, db: Path, probe: Path) -> RunningApp:
        """Start the app on this desktop with its progress in `db`."""
        return RunningApp(self, db, probe)

    def close(self) -> None:
        """Stop openbox and Xvfb."""
        for process in (self.wm, self.xvfb):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


class RunningApp:
    """`python -m app --db sqlite:///DB` on a Desktop, driven by real input events."""

    def __init__(self, desktop: Desktop, db: Path, probe: Path) -> None:
        self.desktop, self.db, self.probe = desktop, db, probe
        self.requests = 0
        env = dict(desktop.env, BACKPROP_QUIZ_TEST_GEOMETRY=str(probe))
        self.log = probe.with_suffix(".log").open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "--db", f"sqlite:///{db}"],
            cwd=desktop.home,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    # -- looking ---------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Every visible widget now, as the app reports it."""
        self.requests += 1
        number = str(self.requests)
        request = self.probe.with_name(self.probe.name + ".request")
        # Whole or not at all: the app polls the file and must never read it half-written.
        partial = request.with_name(request.name + ".partial")
        partial.write_text(number)
        os.replace(partial, request)

        def answered() -> dict[str, Any] | None:
            if self.process.poll() is not None:
                raise AssertionError(f"the app exited with {self.process.returncode}")
            try:
                data = json.loads(self.probe.read_text())
            except (OSError, ValueError):
                return None
            return data if data.get("request") == number else None

        return wait_for(answered, 30, "the app to say where its widgets are")

    def widgets(self, **match: Any) -> list[Widget]:
        """The visible widgets whose fields equal every `match` (e.g. name="examNextButton")."""
        found = self.snapshot()["widgets"]
        return [w for w in found if all(w.get(k) == v for k, v in match.items())]

    def find(self, seconds: float = 30, **match: Any) -> Widget:
        """The first visible widget matching, waiting for it to appear."""
        return wait_for(lambda: next(iter(self.widgets(**match)), None), seconds, repr(match))

    def find_prefix(self, field: str, prefix: str, seconds: float = 30) -> list[Widget]:
        """Visible widgets whose `field` starts with `prefix`, waiting for at least one."""

        def hits() -> list[Widget]:
            return [w for w in self.snapshot()["widgets"] if str(w[field]).startswith(prefix)]

        return wait_for(hits, seconds, f"a widget whose {field} starts with {prefix!r}")

    def gone(self, seconds: float = 30, **match: Any) -> None:
        """Wait until no visible widget matches."""
        wait_for(lambda: not self.widgets(**match), seconds, f"{match!r} to disappear")

    # -- acting ----------------------------------------------------------------------------

    def click(self, widget: Widget, double: bool = False) -> None:
        """Move the mouse to the middle of the widget and click (twice, for a double-click)."""
        x, y, width, height = widget["rect"]
        screen_w, screen_h = self.desktop.size
        assert 0 <= x <= screen_w - width and 0 <= y <= screen_h - height, (
            f"{widget['accessible'] or widget['name'] or widget['text']!r} at {widget['rect']} "
            f"is not inside the {screen_w}x{screen_h} screen"
        )
        cx, cy = x + width // 2, y + height // 2
        self.desktop.xdotool("mousemove", "--sync", str(cx), str(cy))
        if double:
            self.desktop.xdotool("click", "--repeat", "2", "--delay", "60", "1")
        else:
            self.desktop.xdotool("click", "1")

    def type(self, text: str) -> None:
        """Type text with real key events where the keyboard focus is."""
        self.desktop.xdotool("type", "--delay", "40", text)

    def key(self, *keys: str) -> None:
        """Press keys by X name, e.g. key("Return") or key("ctrl+a")."""
        self.desktop.xdotool("key", "--delay", "60", *keys)

    # -- ending ----------------------------------------------------------------------------

    def kill(self) -> None:
        """SIGKILL: no clean-up, as a crash or a power cut."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        self.log.close()

    def close(self) -> int:
        """Close the window as a learner would (the window manager's close), or stop it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
        self.log.close()
        return self.process.returncode
