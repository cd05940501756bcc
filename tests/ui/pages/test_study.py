"""Study: answer scheduled questions with the keyboard; see right, wrong and the diagnosis."""

from __future__ import annotations

import pytest
from fsrs import Scheduler
from PySide6.QtCore import Qt

from app.services import open_services
from app.services.content import Content
from app.services.scheduling import Scheduling
from app.ui.context import UiContext
from app.ui.pages.study import StudyPage
from questions.mistakes import explain
from questions.numbers import format_number
from tests.services.helpers import START, Clock


@pytest.fixture
def context(tmp_path, themed):
    """Two new skills a day, both numeric (output-weight-gradient at levels 1 and 2 first)."""
    content = Content(authored=[], families=["output-weight-gradient"])
    scheduling = Scheduling(Scheduler(enable_fuzzing=False))
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    services = open_services(url, Clock(START), scheduling, content)
    profile = services.create_profile("Ada")
    services.update_settings(profile.id, 2)
    yield UiContext(services, profile, {})
    services.close()


@pytest.fixture
def page(shown, context) -> StudyPage:
    return shown(StudyPage(context))


def attempts(context) -> int:
    return context.services.home(context.profile.id).attempts


def test_a_right_answer_then_a_wrong_one_with_its_diagnosis(page, context, press) -> None:
    question = page.view.question()
    assert question.key.skill == "output-weight-gradient/L1"
    press(format_number(question.answer.value, 4))
    press(Qt.Key.Key_Return)
    assert page.view.ui.verdict.banner.text() == "✓ Right"
    assert page.view.ui.rating.rating in (3, 4)
    assert page.flow.progress.text() == "1 answered, 1 right · 1 left"
    assert page.flow.schedule.text().startswith("Next review: ")
    assert attempts(context) == 1

    press(Qt.Key.Key_N)
    second = page.view.question()
    assert second.key.skill == "output-weight-gradient/L2"
    mistake = second.mistakes[0]
    press(repr(mistake.value))
    press(Qt.Key.Key_Return)
    assert page.view.ui.verdict.banner.text() == "✗ Not right"
    assert explain(mistake.mistake, second) in page.view.ui.verdict.message.plain()
    assert page.view.ui.rating.rating == 1
    assert page.flow.outcome.verdict.mistake == mistake.mistake
    assert attempts(context) == 2


def test_keys_1_to_4_override_the_rating_and_reschedule(page, context, press) -> None:
    question = page.view.question()
    press(format_number(question.answer.value, 4))
    press(Qt.Key.Key_Return)
    before = page.flow.outcome.next_due
    press(Qt.Key.Key_1)
    assert int(page.flow.outcome.rating) == 1
    assert page.flow.outcome.next_due < before
    assert page.view.ui.rating.caption.text().startswith("You rated this Again")


def test_another_variant_is_a_fresh_question_on_the_same_skill(page, context, press) -> None:
    first = page.view.question()
    press(format_number(first.answer.value, 4))
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_V)
    variant = page.view.question()
    assert variant.key.skill == first.key.skill and variant.key != first.key
    assert page.flow.schedule.text().startswith("Another variant")
    press(format_number(variant.answer.value, 4))
    press(Qt.Key.Key_Return)
    assert page.view.ui.verdict.banner.text() == "✓ Right"
    assert attempts(context) == 2  # the variant's answer is kept too


def test_unreadable_input_is_explained_and_not_recorded(page, context, press) -> None:
    press("twelve")
    press(Qt.Key.Key_Return)
    assert not page.view.answered
    assert page.view.ui.problem.text()
    assert attempts(context) == 0


def test_when_the_day_is_done_the_page_says_so(page, context, press) -> None:
    for _ in range(2):
        question = page.view.question()
        press(format_number(question.answer.value, 4))
        press(Qt.Key.Key_Return)
        press(Qt.Key.Key_Return)  # Enter after the outcome goes on
    assert page.stack.currentWidget() is page.done_panel
    assert page.message_title.text() == "Session complete"
    assert "2 questions, 2 right" in page.message.text()


def test_a_failed_save_keeps_the_typed_answer_and_says_what_happened(page, context, press):
    def locked(*_args):
        raise OSError("database is locked")

    question = page.view.question()
    page.flow.session.submit = locked
    typed = format_number(question.answer.value, 4)
    press(typed)
    press(Qt.Key.Key_Return)
    assert context.last_error.text() == "Could not save your answer: database is locked"
    assert page.view.question() is question and not page.view.answered
    assert page.view.response() == typed
    assert attempts(context) == 0


def answer(press, question, right: bool, widget=None) -> None:
    value = question.answer.value if right else question.answer.value * 3 + 1
    press(format_number(value, 4), widget)
    press(Qt.Key.Key_Return, widget)


def test_a_variant_answered_right_counts_in_the_tally_as_in_the_schedule(page, context, press):
    first = page.view.question()
    answer(press, first, right=False)
    press(Qt.Key.Key_V)
    variant = page.view.question()
    answer(press, variant, right=True)
    assert page.flow.progress.text().startswith("2 answered, 1 right")
    press(Qt.Key.Key_4)  # re-rated through the session like any answer
    state = context.services.repo.get_review_state(context.profile.id, first.key.skill)
    assert state is not None and state.due == page.flow.outcome.next_due
    stored = context.services.repo.attempts_for_session(page.flow.session.record.id)
    assert [a.correct for a in stored] == [False, True]


def test_a_question_answered_wrong_comes_back_before_the_session_ends(page, context, press):
    asked = []
    wrong = True
    while page.stack.currentWidget() is page.flow:
        question = page.view.question()
        asked.append(question.key.skill)
        answer(press, question, right=not wrong)  # the hand clock stands still: never due
        wrong = False
        press(Qt.Key.Key_N)
    assert asked[0] in asked[1:]  # back in the same session, answered right this time
    assert page.flow.session.progress.done == len(asked)


def test_time_counts_only_while_the_question_is_on_screen(page, context, press) -> None:
    now = [0.0]
    page.view.screen_time.clock = lambda: now[0]
    page.restart()
    now[0] += 20
    page.hide()  # another page is shown; the question stays open behind it
    now[0] += 580
    page.show()
    now[0] += 5
    answer(press, page.view.question(), right=True, widget=page.view.entry.edit)
    [stored] = context.services.repo.attempts_for_session(page.flow.session.record.id)
    assert stored.seconds == 25


def test_check_again_with_nothing_due_says_it_looked(page, context, press) -> None:
    while page.stack.currentWidget() is not page.done_panel:  # the day's two new skills
        press(format_number(page.view.question().answer.value, 4))
        press(Qt.Key.Key_Return)
        press(Qt.Key.Key_Return)
    assert page.again_button.hasFocus()
    press(Qt.Key.Key_Space)  # "Check again"
    assert page.stack.currentWidget() is page.done_panel
    assert page.message_title.text() == "Nothing to study right now"
    assert page.message.text().startswith("Checked again at ")
    assert ": still nothing is due. No reviews are due" in page.message.text()
