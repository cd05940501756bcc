"""Practice: choose topics, count and difficulty; answer with feedback; see the summary."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.pages.practice import PracticePage
from questions.model import Kind
from questions.numbers import format_number


@pytest.fixture
def page(shown, context) -> PracticePage:
    return shown(PracticePage(context))


def answer(page: PracticePage, press, right: bool) -> None:
    """Answer the question shown from the keyboard, rightly or not, and submit it."""
    question = page.view.question()
    if question.kind is Kind.NUMERIC:
        value = question.answer.value if right else question.answer.value * 3 + 1
        press(format_number(value, 4))
    else:
        wanted = [i for i, c in enumerate(question.choices) if c.correct == right]
        press(str(wanted[0] + 1))
    press(Qt.Key.Key_Return)


def test_a_practice_quiz_from_choices_to_summary(qtbot, page, context, press) -> None:
    page.picker.set_topics(["mlp-backprop"])
    page.count.setValue(3)
    page.level.setCurrentIndex(1)
    page.count.setFocus()
    press(Qt.Key.Key_Return)  # Enter anywhere in the choices starts
    assert page.stack.currentWidget() is page.flow
    first = page.view.question()
    assert first.topic == "mlp-backprop" and first.key.level == 2
    for right in (True, False, True):
        answer(page, press, right)
        assert page.view.ui.verdict.banner.text() == ("✓ Right" if right else "✗ Not right")
        press(Qt.Key.Key_N)
    assert page.stack.currentWidget() is page.summary
    assert page.summary_text.text().startswith("2 of 3 right (67%)")
    texts = [page.results.item(i).text() for i in range(page.results.count())]
    assert [t.endswith("✓ right") for t in texts] == [True, False, True]
    assert context.services.home(context.profile.id).attempts == 3


def test_no_topic_ticked_is_explained(page, press) -> None:
    page.picker.none_button.click()
    page.start_button.click()
    assert page.problem.text() == "Tick at least one topic."
    assert page.stack.currentWidget() is page.setup


def test_practice_again_starts_a_new_quiz_with_the_same_choices(page, press) -> None:
    page.picker.set_topics(["activations"])
    page.count.setValue(1)
    page.start_button.click()
    answer(page, press, True)
    press(Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.summary
    page.again_button.click()
    assert page.stack.currentWidget() is page.flow
    assert page.view.question().topic == "activations"


def test_the_summary_opens_any_answered_question_for_review(qtbot, page, press) -> None:
    page.picker.set_topics(["mlp-backprop"])
    page.count.setValue(3)
    page.start_button.click()
    asked, given = [], []
    for right in (True, False, True):
        asked.append(page.view.question())
        answer(page, press, right)
        given.append(page.view.response())
        press(Qt.Key.Key_N)
    assert page.stack.currentWidget() is page.summary
    assert page.again_button.hasFocus()  # Enter still means "Practice again"
    view = page.review_view
    assert view.isVisible() and view.question() == asked[0]
    page.results.setCurrentRow(1)  # the wrong one
    assert view.question() == asked[1]
    assert view.response() == given[1]  # the answer given, as given
    assert view.ui.verdict.banner.text() == "✗ Not right"
    assert view.ui.solution.revealed == view.ui.solution.total > 0
    assert view.ui.scroll.horizontalScrollBar().maximum() == 0
    page.results.setFocus()
    press(Qt.Key.Key_Down)
    assert view.question() == asked[2]
    assert page.results.hasFocus()  # walking the list keeps the focus in it
    assert page.results.horizontalScrollBar().maximum() == 0
