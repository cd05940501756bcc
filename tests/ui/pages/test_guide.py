"""The study guide: pick a topic, read its card, reveal model answers and grade yourself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.context import UiContext
from app.ui.pages.guide import GuidePage
from questions.bank import card_for
from questions.model import TOPICS


@pytest.fixture
def page(qtbot, themed) -> GuidePage:
    widget = GuidePage(UiContext())
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.refresh()
    return widget


def test_the_first_card_shows_its_definition_facts_and_hidden_answers(page):
    card = card_for("purpose")
    assert page.topic == "purpose"
    assert page.topics.count() == len(TOPICS)
    texts = [w.plain() for w in page.body.findChildren(type(page.items[0].answer))]
    assert any(card.definition.split("$")[0] in text for text in texts)
    assert len(page.items) == 3
    assert not any(item.revealed for item in page.items)


def test_a_model_answer_is_revealed_and_self_graded(page, qtbot):
    item = page.items[0]
    qtbot.mouseClick(item.reveal_button, Qt.MouseButton.LeftButton)
    assert item.revealed
    assert item.answer.math_text() == card_for("purpose").review[0][1]
    with qtbot.waitSignal(page.self_graded) as graded:
        qtbot.keyClick(item.got_button, Qt.Key.Key_Space)  # focus went to "Got it"
    assert graded.args == ["purpose", 0, True]
    assert item.status.text() == "Marked as known."
    with qtbot.waitSignal(page.self_graded) as graded:
        qtbot.mouseClick(item.not_button, Qt.MouseButton.LeftButton)
    assert graded.args == ["purpose", 0, False]


def test_keyboard_only_choose_a_topic_and_reveal_answers_with_a(page, qtbot):
    page.topics.setFocus()
    qtbot.keyClick(page.topics, Qt.Key.Key_Down)
    assert page.topic == "chain-rule"
    qtbot.keyClick(page.topics, Qt.Key.Key_A)
    assert [item.revealed for item in page.items] == [True, False, False]
    with qtbot.waitSignal(page.self_graded) as graded:
        qtbot.keyClick(page.items[0].got_button, Qt.Key.Key_Space)
    assert graded.args == ["chain-rule", 0, True]
