"""Themes: palettes, text size, and the colours drawing widgets read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.theme import DARK, LIGHT, apply_theme, current_colors, is_dark


def test_dark_and_light_palettes_and_the_text_size_apply_to_the_app(qapp):
    apply_theme(qapp, dark=True, text_size=14)
    assert is_dark() and current_colors() is DARK
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    assert qapp.font().pointSize() == 14
    apply_theme(qapp, dark=False, text_size=11)
    assert current_colors() is LIGHT
    assert qapp.palette().color(QPalette.ColorRole.Text).name() == LIGHT.text


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colors", [LIGHT, DARK])
def test_text_colours_are_readable_on_their_backgrounds(colors):
    for background in (colors.window, colors.surface):
        for text in (colors.text, colors.muted, colors.right, colors.wrong):
            a, b = sorted((_luminance(text), _luminance(background)), reverse=True)
            assert (a + 0.05) / (b + 0.05) >= 4.5, (text, background)


def test_a_text_size_out_of_range_is_refused(qapp):
    with pytest.raises(ValueError, match="between 8 and 24"):
        apply_theme(qapp, dark=False, text_size=40)


@pytest.mark.parametrize("colors", [LIGHT, DARK])
def test_a_ticked_checkbox_shows_a_tick_in_the_text_colour_on_the_accent(colors) -> None:
    from pathlib import Path

    from app.ui.theme import check_mark, stylesheet

    path = check_mark(colors.accent_text)
    assert f"image: url({path})" in stylesheet(colors, 11)
    assert Path(path).read_text().count(f'stroke="{colors.accent_text}"') == 1


class _StyleChanges(QObject):
    """Counts the style changes a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.count += event.type() == QEvent.Type.StyleChange
        return False


def test_a_theme_change_restyles_a_deeply_nested_widget_a_few_times_not_once_per_ancestor(
    qapp, qtbot
):
    apply_theme(qapp, dark=False, text_size=11)
    top = QWidget()
    qtbot.addWidget(top)
    parent = top
    for _ in range(25):
        child = QWidget(parent)
        QVBoxLayout(parent).addWidget(child)
        parent = child
    leaf = QLabel("deep", parent)
    top.show()
    qtbot.waitExposed(top)
    changes = _StyleChanges(leaf)
    apply_theme(qapp, dark=True, text_size=11)
    assert 1 <= changes.count <= 3
    changes.count = 0
    apply_theme(qapp, dark=True, text_size=11)
    assert changes.count == 0  # nothing changed, nothing done
    apply_theme(qapp, dark=False, text_size=11)


def test_a_scroll_area_on_a_hidden_page_fits_the_new_text_size_once_shown(qapp, qtbot):
    apply_theme(qapp, dark=False, text_size=11)
    pages = QStackedWidget()
    qtbot.addWidget(pages)
    pages.addWidget(QLabel("first page"))
    area = QScrollArea()
    area.setWidgetResizable(True)
    label = QLabel("A long explanation that wraps over several lines. " * 12)
    label.setWordWrap(True)
    area.setWidget(label)
    pages.addWidget(area)
    pages.resize(500, 600)
    pages.show()
    qtbot.waitExposed(pages)
    apply_theme(qapp, dark=True, text_size=20)
    pages.setCurrentWidget(area)
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert label.font().pointSize() == 20
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == DARK.text
    apply_theme(qapp, dark=False, text_size=11)


def test_a_hidden_page_is_restyled_when_it_is_next_shown_not_during_the_change(qapp, qtbot):
    apply_theme(qapp, dark=False, text_size=11)
    pages = QStackedWidget()
    qtbot.addWidget(pages)
    shown, hidden = QWidget(), QWidget()
    edit = QLineEdit("a field on the hidden page")
    button = QPushButton("Start")
    button.setProperty("role", "primary")
    QVBoxLayout(hidden).addWidget(edit)
    hidden.layout().addWidget(button)
    pages.addWidget(shown)
    pages.addWidget(hidden)
    pages.resize(500, 400)
    pages.show()
    pages.setCurrentWidget(hidden)  # built and polished in the light theme
    qtbot.waitExposed(pages)
    pages.setCurrentWidget(shown)
    polished = Qt.WidgetAttribute.WA_WState_Polished
    apply_theme(qapp, dark=True, text_size=16)
    assert not edit.testAttribute(polished)  # left out of the change: polished when shown
    pages.setCurrentWidget(hidden)
    assert edit.testAttribute(polished) and button.testAttribute(polished)
    image = edit.grab().toImage()
    assert image.pixelColor(image.width() - 6, image.height() // 2).name() == DARK.surface
    assert edit.font().pointSize() == 16 and button.font().pointSize() == 16
    apply_theme(qapp, dark=False, text_size=11)
