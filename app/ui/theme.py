"""Light and dark themes: a calm palette, a small stylesheet and the text size, in one call.

`apply_theme(app, dark, text_size)` sets the Fusion style, a QPalette, the application font
and a stylesheet; widgets that draw for themselves (the diagram, rendered math) read
`current_colors()` or their own palette when they paint, so a theme change repaints them.

A change of theme or text size must settle within 150 ms with every page built, so
`apply_theme` sets the style only once, skips what did not change, and replaces the
stylesheet in two passes over the widgets (see `app.ui.restyle`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.ui.restyle import replace_stylesheet
from questions.atomic import write_text

DEFAULT_TEXT_SIZE = 11
"""Base font size in points; settings may choose another between MIN and MAX."""
MIN_TEXT_SIZE = 8
MAX_TEXT_SIZE = 24


@dataclass(frozen=True)
class Colors:
    """Every colour the app uses, as '#rrggbb' strings (for palettes, stylesheets and QPainter)."""

    window: str  # page background
    surface: str  # cards, text fields
    text: str
    muted: str  # secondary text
    border: str
    accent: str  # focus, selection, primary buttons
    accent_text: str  # text on the accent colour
    right: str  # correct answers
    wrong: str  # wrong answers, errors
    value: str  # forward values in diagrams
    grad: str  # gradients in diagrams
    node: str  # diagram node fill
    highlight_error: str  # background behind a script error


LIGHT = Colors(
    window="#f6f5f2",
    surface="#ffffff",
    text="#1f2328",
    muted="#5c6370",
    border="#d3d0c8",
    accent="#2f6fad",
    accent_text="#ffffff",
    right="#1e7a46",
    wrong="#b3261e",
    value="#1d6b8f",
    grad="#b0452a",
    node="#eef2f6",
    highlight_error="#f8d7d3",
)
DARK = Colors(
    window="#1e2126",
    surface="#272b31",
    text="#e6e6e3",
    muted="#a2a8b3",
    border="#3d434c",
    accent="#6ea8e0",
    accent_text="#0f1317",
    right="#6cc58f",
    wrong="#f08a80",
    value="#7cc3e6",
    grad="#f0a07a",
    node="#30363e",
    highlight_error="#5a2b28",
)

_state = {"colors": LIGHT, "dark": False, "text_size": DEFAULT_TEXT_SIZE}


def current_colors() -> Colors:
    """The colours of the theme applied last (LIGHT before any theme is applied)."""
    return _state["colors"]  # type: ignore[return-value]


def is_dark() -> bool:
    """True when the dark theme is applied."""
    return bool(_state["dark"])


def text_size() -> int:
    """The base text size in points applied last."""
    return int(_state["text_size"])  # type: ignore[call-overload]


def apply_theme(app: QApplication, dark: bool, text_size: int = DEFAULT_TEXT_SIZE) -> Colors:
    """Apply the light or dark theme and a base text size (points) to the whole application."""
    if not MIN_TEXT_SIZE <= text_size <= MAX_TEXT_SIZE:
        raise ValueError(
            f"text size must be between {MIN_TEXT_SIZE} and {MAX_TEXT_SIZE} points, not {text_size}"
        )
    colors = DARK if dark else LIGHT
    _state.update(colors=colors, dark=dark, text_size=text_size)
    sheet = stylesheet(colors, text_size)
    if app.property(_STYLED) and app.styleSheet() == sheet:
        return colors
    collecting = gc.isenabled()
    gc.disable()  # thousands of small wrappers come and go; a collection midway costs 10%
    try:
        if not app.property(_STYLED):
            app.setStyle(STYLE)  # a pass over every widget: once per application
            app.setProperty(_STYLED, True)
        font = QFont(app.font())
        font.setPointSize(text_size)
        replace_stylesheet(app, sheet, font, palette(colors))
    finally:
        if collecting:
            gc.enable()
    return colors


_STYLED = "backpropQuizStyled"
"""Set on the application once the Fusion style is set, so a theme change does not set it again."""
STYLE = "Fusion"


def new_application(argv: list[str]) -> QApplication:
    """A QApplication in the Fusion style from the start: chosen by argument, as setStyle
    would also build Python's type for the style it returns (15-25 ms before the first paint)."""
    app = QApplication([*argv[:1], "-style", STYLE, *argv[1:]])
    app.setProperty(_STYLED, True)
    return app


CHECK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14">'
    '<path d="M2.5 7.4 L5.6 10.4 L11.5 3.6" fill="none" stroke="{color}" stroke-width="2.2" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)


@cache
def check_mark(color: str) -> str:
    """The path of an SVG tick in `color` for ticked checkboxes (stylesheets take files only),
    written once per colour to a folder of this user's temporary files."""
    folder = (
        Path(tempfile.gettempdir()) / f"backprop-quiz-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"check-{color.lstrip('#')}.svg"
    text = CHECK_SVG.format(color=color)
    if not path.exists() or path.read_text() != text:
        with contextlib.suppress(OSError):  # a full temporary folder costs the tick, not the app
            write_text(path, text)
    return path.as_posix()


def palette(colors: Colors) -> QPalette:
    """A QPalette for Fusion built from the theme's colours."""
    c = {name: QColor(getattr(colors, name)) for name in colors.__dataclass_fields__}
    p = QPalette()
    role = QPalette.ColorRole
    for r, name in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "surface"),
        (role.AlternateBase, "node"),
        (role.Text, "text"),
        (role.Button, "surface"),
        (role.ButtonText, "text"),
        (role.ToolTipBase, "surface"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.Highlight, "accent"),
        (role.HighlightedText, "accent_text"),
        (role.Link, "accent"),
        (role.Mid, "border"),
        (role.Midlight, "border"),
        (role.BrightText, "wrong"),
    ):
        p.setColor(r, c[name])
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, c["muted"])
    return p


def stylesheet(colors: Colors, text_size: int) -> str:
    """A small stylesheet: generous spacing, visible focus, and a few text roles by property.

    Roles: QLabel[role="heading"], [role="subheading"], [role="muted"], [role="right"],
    [role="wrong"]; QFrame[role="card"] draws a rounded surface; QPushButton[role="primary"].
    """
    c = colors
    return f"""
QLabel[role="heading"] {{ font-size: {text_size + 7}pt; font-weight: 600; }}
QLabel[role="subheading"] {{ font-size: {text_size + 2}pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="right"] {{ color: {c.right}; font-weight: 600; }}
QLabel[role="wrong"] {{ color: {c.wrong}; font-weight: 600; }}
QFrame[role="card"] {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px;
}}
QPushButton {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 6px;
    padding: 6px 14px; min-height: 1.4em;
}}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton:focus {{ border: 2px solid {c.accent}; padding: 5px 13px; }}
QPushButton:checked {{ background: {c.accent}; color: {c.accent_text}; border-color: {c.accent}; }}
QPushButton:disabled {{ color: {c.muted}; }}
QPushButton[role="primary"] {{
    background: {c.accent}; color: {c.accent_text}; border-color: {c.accent}; font-weight: 600;
}}
QPushButton[role="primary"]:focus {{ border: 2px solid {c.text}; }}
QLineEdit, QPlainTextEdit, QTextBrowser, QListWidget, QTableWidget {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 6px;
    selection-background-color: {c.accent}; selection-color: {c.accent_text};
}}
QLineEdit {{ padding: 5px 8px; }}
QLineEdit[readOnly="true"] {{ background: {c.window}; }}
QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus, QTextBrowser:focus {{
    border: 2px solid {c.accent};
}}
QListWidget::item {{ padding: 6px 8px; }}
QRadioButton, QCheckBox {{ spacing: 8px; padding: 2px; }}
QRadioButton:focus, QCheckBox:focus {{ outline: none; color: {c.accent}; }}
QRadioButton::indicator, QCheckBox::indicator {{
    width: 14px; height: 14px; border: 2px solid {c.muted}; background: {c.surface};
}}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator:checked, QCheckBox::indicator:checked {{
    background: {c.accent}; border-color: {c.accent};
}}
QCheckBox::indicator:checked {{ image: url({check_mark(c.accent_text)}); }}
QRadioButton::indicator:focus, QCheckBox::indicator:focus {{ border-color: {c.accent}; }}
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: {c.border}; }}
QRadioButton::indicator:checked:disabled, QCheckBox::indicator:checked:disabled {{
    background: {c.muted}; border-color: {c.muted};
}}
QCheckBox::indicator:checked:focus {{ border-color: {c.text}; }}
QTabWidget::pane {{ border: 1px solid {c.border}; border-radius: 6px; top: -1px; }}
QTabBar::tab {{
    background: {c.window}; border: 1px solid {c.border}; padding: 6px 14px;
    border-top-left-radius: 6px; border-top-right-radius: 6px;
}}
QTabBar::tab:selected {{ background: {c.surface}; border-bottom-color: {c.surface}; }}
QTabBar::tab:focus {{ color: {c.accent}; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QScrollBar:vertical {{ background: {c.window}; width: 12px; margin: 0; border: none; }}
QScrollBar:horizontal {{ background: {c.window}; height: 12px; margin: 0; border: none; }}
QScrollBar::handle {{ background: {c.border}; border-radius: 5px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 28px; }}
QScrollBar::handle:horizontal {{ min-width: 28px; }}
QScrollBar::handle:hover {{ background: {c.muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QToolTip {{ background: {c.surface}; color: {c.text}; border: 1px solid {c.border}; }}
"""
