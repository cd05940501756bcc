"""Small helpers for Qt layouts that pages refill (hints, solution steps, study cards)."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout


def clear_layout(layout: QLayout) -> None:
    """Remove every widget from the layout, hidden at once and deleted when Qt is idle."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
