"""Themes: palettes, text size, and the colours drawing widgets read."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

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
