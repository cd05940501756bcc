"""The window's size, place, splitters and last page: fitted to the screen, kept across runs.

The state is a small JSON-able dict kept under "window" in the app settings:
{"geometry": base64 of QWidget.saveGeometry, "page": id, "splitters": {"page.N": [sizes]}}.
Anything malformed in it is dropped, never an error.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QSplitter, QWidget

PREFERRED = QSize(1280, 800)
"""The size the window asks for when the screen has room."""
MINIMUM = QSize(800, 540)
"""The smallest window: fits 1280×720 and 1024×600 screens with a panel."""
FRAME = QSize(16, 64)
"""Room left for the window manager's title bar and borders, which the geometry excludes."""


def default_size(available: QRect | None) -> QSize:
    """The preferred size shrunk to fit the screen's free area (without panels)."""
    if available is None or available.isEmpty():
        return QSize(PREFERRED)
    width = min(PREFERRED.width(), available.width() - FRAME.width())
    height = min(PREFERRED.height(), available.height() - FRAME.height())
    return QSize(max(width, MINIMUM.width()), max(height, MINIMUM.height()))


def clean_state(data: object) -> dict[str, Any]:
    """The parts of a saved window state that have the right shape; {} for anything else."""
    if not isinstance(data, dict):
        return {}
    state: dict[str, Any] = {}
    if isinstance(data.get("geometry"), str):
        state["geometry"] = data["geometry"]
    if isinstance(data.get("page"), str):
        state["page"] = data["page"]
    splitters = data.get("splitters")
    if isinstance(splitters, dict):
        state["splitters"] = {
            key: sizes
            for key, sizes in splitters.items()
            if isinstance(key, str)
            and isinstance(sizes, list)
            and all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)
        }
    return state


def geometry_text(widget: QWidget) -> str:
    """The widget's geometry as text for the settings file."""
    return base64.b64encode(bytes(widget.saveGeometry().data())).decode("ascii")


def restore_geometry(widget: QWidget, text: str) -> bool:
    """Put the widget back where it was; False (and nothing changed) for unusable text."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return False
    return bool(raw) and widget.restoreGeometry(QByteArray(raw))


def page_splitters(page_id: str, page: QWidget) -> dict[str, QSplitter]:
    """A page's splitters by a stable key: the page id and their order in the page."""
    return {f"{page_id}.{i}": s for i, s in enumerate(page.findChildren(QSplitter))}


def restore_splitters(page_id: str, page: QWidget, saved: dict[str, list[int]]) -> None:
    """Give a freshly built page's splitters their saved sizes (matching counts only)."""
    for key, splitter in page_splitters(page_id, page).items():
        sizes = saved.get(key)
        if sizes and len(sizes) == splitter.count() and sum(sizes) > 0:
            splitter.setSizes(sizes)


def splitter_sizes(pages: dict[str, QWidget], saved: dict[str, list[int]]) -> dict[str, list]:
    """The saved sizes updated with those of every page built in this run."""
    sizes = dict(saved)
    for page_id, page in pages.items():
        for key, splitter in page_splitters(page_id, page).items():
            sizes[key] = list(splitter.sizes())
    return sizes
