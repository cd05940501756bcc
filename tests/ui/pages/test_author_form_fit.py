"""The Author form fits 1366x768 and 1024x700 at text sizes 100% and 125%: the window
keeps its size on every question type, the fields need no sideways scrolling, and the
fields lower down are reached by scrolling the form."""

from __future__ import annotations

import pytest

from app.ui.context import UiContext
from app.ui.pages.author_form_fields import NumberEdit
from app.ui.theme import DEFAULT_TEXT_SIZE, apply_theme
from app.ui.window import MainWindow
from tests.ui.pages.test_author_form import EXAMPLE, IDS, MATRIX
from tests.ui.screenshots import settle
from tests.ui.test_fit import SIZES, TEXT_SIZES


@pytest.mark.parametrize("text_size", TEXT_SIZES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_form_fits_the_window_on_every_question_type(qapp, qtbot, size, text_size) -> None:
    apply_theme(qapp, dark=False, text_size=text_size)
    window = MainWindow(UiContext(None, None, {}))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    try:
        page = window.show_page("author")
        page.files.set_text(EXAMPLE.read_text(encoding="utf-8") + MATRIX, None)
        page.validate_now()
        page.tabs.setCurrentWidget(page.form)
        ids = [item.id for item in page.pack.items]
        for kind, qid in IDS.items():
            page.form.picker.setCurrentRow(ids.index(qid))
            settle(qapp)
            scroll = page.form.scroll_area
            assert window.size().toTuple() == size, f"{kind}: the window grew"
            assert not scroll.horizontalScrollBar().isVisible(), f"{kind}: scrolls sideways"
            assert scroll.viewport().height() >= 120, f"{kind}: no room for the fields"
            for cell in scroll.findChildren(NumberEdit):  # each example number shows whole
                room = cell.width() - 16  # the line edit's padding and frame
                assert cell.fontMetrics().horizontalAdvance(cell.text()) <= room, cell.text()
            last = page.form.fields.findChildren(type(page.form.fields.id_edit))[-1]
            scroll.ensureWidgetVisible(last)
            settle(qapp)
            top = last.mapTo(scroll.viewport(), last.rect().topLeft()).y()
            assert 0 <= top < scroll.viewport().height(), f"{kind}: the last field is not reached"
    finally:
        window.close()
        apply_theme(qapp, dark=False, text_size=DEFAULT_TEXT_SIZE)
