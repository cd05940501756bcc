"""Before Qt starts on Linux: are the X11 libraries there and the display reachable?

Qt aborts the process (exit 134, a core dump) when its xcb platform plugin cannot load or
connect, with a message that names neither the missing package nor the fix. This checks the
same things first, without importing Qt, and says which Debian/Ubuntu packages to install.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
"""The shared libraries Qt's xcb plugin loads, and the Debian/Ubuntu package of each."""

Loader = Callable[[str], object]
Connector = Callable[[str], bool]


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt will start on X11 (Linux, and no other platform plugin chosen)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    wayland = environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland


def load_library(name: str) -> object:
    """Load a shared library (ctypes is imported only on X11, where the check runs)."""
    import ctypes

    return ctypes.CDLL(name)


def missing_packages(load: Loader = load_library) -> list[str]:
    """The packages whose libraries cannot be loaded, in a stable order."""
    missing = []
    for library, package in XCB_LIBRARIES.items():
        try:
            load(library)
        except OSError:
            missing.append(package)
    return missing


def display_reachable(display: str) -> bool:
    """Whether an X server answers at this display (libxcb's own connect, then disconnect)."""
    import ctypes

    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def problem(
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    load: Loader = load_library,
    reachable: Connector = display_reachable,
) -> str | None:
    """What stops the window from opening, in words with the fix; None when all is well."""
    if not uses_xcb(environ, platform):
        return None
    missing = missing_packages(load)
    if missing:
        return (
            "Backprop Quiz cannot open its window: the system libraries Qt needs for X11 are "
            f"missing ({', '.join(missing)}).\n"
            "On Debian or Ubuntu, install them with:\n"
            f"    sudo apt install {' '.join(missing)}\n"
            "The headless commands work without them: backprop-quiz --help."
        )
    display = environ.get("DISPLAY", "")
    if not display:
        return (
            "Backprop Quiz cannot open its window: no display (DISPLAY is not set).\n"
            "Start it from a desktop session, or use the headless commands: "
            "backprop-quiz --help."
        )
    if not reachable(display):
        return (
            f"Backprop Quiz cannot open its window: no X server answers at DISPLAY={display}.\n"
            "Check that the desktop session is running and DISPLAY is right, or use the "
            "headless commands: backprop-quiz --help."
        )
    return None
