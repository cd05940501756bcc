"""Nothing an exam candidate does is lost: every click and keystroke saved at once, time only
while a question is on screen, the exam resumed after a crash, closing asks first."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.services import open_services
from app.services.content import Content
from app.services.exam import Exam
from app.ui.context import UiContext
from app.ui.pages.exam import CLOSED_NOTE, ExamPage
from app.ui.pages.exam_guard import ask_before_closing, offer_unfinished_exam
from questions.bank import questions_for
from questions.model import Kind
from tests.services.helpers import Clock

from .test_exam import finish


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'p.sqlite3'}"


CONTENT = Content(authored=questions_for("chain-rule"), families=["unit-delta"])


def open_page(shown, url: str, clock: Clock, request) -> ExamPage:
    """The Exam page of a freshly started app on the database at `url`, learner Ada."""
    services = open_services(url, clock, content=CONTENT)
    request.addfinalizer(services.close)
    profile = services.repo.find_profile("Ada") or services.create_profile("Ada")
    return shown(ExamPage(UiContext(services, profile, {})))


def exam_questions(page: ExamPage) -> list:
    """A multi-select question with two right choices, then two numeric ones."""
    content = page.context.services.ctx.content
    multi = next(
        q
        for q in CONTENT.questions(CONTENT.skills(["chain-rule"]))
        if q.kind is Kind.MULTIPLE and len(q.correct_indices) >= 2
    )
    numeric = [content.question(content.skill("unit-delta/L1")) for _ in range(2)]
    assert all(q.kind is Kind.NUMERIC for q in numeric)
    return [multi, *numeric]


def begin(page: ExamPage, minutes: int = 10) -> Exam:
    services, profile = page.context.services, page.context.profile
    exam = Exam(services.ctx, profile.id, exam_questions(page), minutes * 60, ("chain-rule",), 1)
    page.begin(exam)
    return exam


def tick_two(qtbot, page: ExamPage) -> list[int]:
    """Tick two right choices with the mouse; nothing else is pressed."""
    qtbot.waitUntil(page.view.entry.isVisible)  # a new entry is shown on the next event loop
    ticks = list(page.exam.questions[0].correct_indices[:2])
    for i in ticks:
        qtbot.mouseClick(page.view.entry.rows[i].button, Qt.MouseButton.LeftButton)
    return ticks


def saved(page: ExamPage) -> list:
    return page.context.services.repo.exam_draft(page.exam.record.id)


def test_a_click_and_a_keystroke_are_saved_the_moment_they_change(
    qtbot, shown, url, clock, request
):
    page = open_page(shown, url, clock, request)
    begin(page)
    assert page.view.ui.submit_button.isHidden()  # no "Save answer" to forget
    ticks = tick_two(qtbot, page)
    written, on_screen = exam_questions(page)[0], page.exam.questions[0]
    as_written = [written.choices.index(on_screen.choices[i]) for i in ticks]
    assert json.loads(saved(page)[0].response) == as_written  # two ticks, saved at once
    assert page.running.save_status.text().startswith("All answers saved")
    page.next_button.click()  # moving on, with no Enter and no Save
    QTest.keyClicks(page.view.entry.edit, "0.5")
    assert saved(page)[1].response == '"0.5"'
    page.prev_button.click()
    assert page.view.response() == ticks  # kept when the question is revisited
    finish(qtbot, page)
    first, second, third = page.report.items
    assert first.answered and first.response == json.dumps(ticks)  # scored as two ticks
    assert first.verdict.message != "Not answered." and second.response == "0.5"
    assert not third.answered
    assert page.context.services.repo.exam_draft(page.exam.record.id) == []  # done with


def test_time_running_out_keeps_what_was_typed_without_enter(qtbot, shown, url, clock, request):
    page = open_page(shown, url, clock, request)
    begin(page, minutes=1)
    tick_two(qtbot, page)
    clock.advance(seconds=61)
    page.tick()
    assert page.stack.currentWidget() is page.report_panel and page.report.timed_out
    assert page.report.items[0].answered


def test_time_counts_only_while_the_question_is_on_screen(qtbot, shown, url, clock, request):
    page = open_page(shown, url, clock, request)
    begin(page, minutes=60)
    page.go(1)
    clock.advance(seconds=30)
    page.hide()  # another page of the window is shown
    clock.advance(seconds=580)
    page.show()
    clock.advance(seconds=5)
    app = QGuiApplication.instance()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)  # type: ignore[attr-defined]
    clock.advance(seconds=300)  # another program has the focus
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)  # type: ignore[attr-defined]
    clock.advance(seconds=5)
    QTest.keyClicks(page.view.entry.edit, "0.5")
    finish(qtbot, page)
    [attempt] = page.context.services.repo.attempts_for_session(page.exam.record.id)
    assert attempt.seconds == 40


def test_after_a_crash_the_next_start_resumes_the_exam_with_everything(
    qtbot, shown, url, clock, request
):
    first = open_page(shown, url, clock, request)
    exam = begin(first)
    ticks = tick_two(qtbot, first)
    first.toggle_flag()
    first.go(1)
    clock.advance(seconds=40)
    QTest.keyClicks(first.view.entry.edit, "0.5")
    first.timer.stop()  # the process is killed here: nothing else runs
    clock.advance(minutes=3)  # the clock runs on while the app is closed

    page = open_page(shown, url, clock, request)  # the next start
    assert page.stack.currentWidget() is page.resume_panel
    text = page.resume_panel.text.text()
    assert "2 of 3 questions are answered and 1 flagged" in text and "6:20 left" in text
    page.resume_panel.resume_button.click()
    assert page.exam_running() and page.index == 2  # the first blank question
    assert page.exam.response(0) == ticks and page.exam.response(1) == "0.5"
    assert page.exam.flagged == (0,) and page.clock.text() == "Time left 6:20"
    assert [q.prompt for q in page.exam.questions] == [q.prompt for q in exam.questions]
    page.go(0)
    assert [row.button.isChecked() for row in page.view.entry.rows] == [
        i in ticks for i in range(len(page.view.entry.rows))
    ]
    finish(qtbot, page)
    assert [item.answered for item in page.report.items] == [True, True, False]
    attempts = page.context.services.repo.attempts_for_session(exam.record.id)
    assert sorted(a.seconds for a in attempts) == [0, 40]


def test_an_exam_whose_time_ran_out_while_closed_is_submitted_as_saved(
    qtbot, shown, url, clock, request
):
    first = open_page(shown, url, clock, request)
    begin(first, minutes=5)
    tick_two(qtbot, first)
    first.timer.stop()
    clock.advance(hours=1)
    page = open_page(shown, url, clock, request)
    assert page.stack.currentWidget() is page.report_panel
    assert page.report.timed_out and page.report.items[0].answered
    assert page.report_panel.score_note.text() == CLOSED_NOTE


def test_start_up_brings_the_learner_to_an_unfinished_exam_once(shown, url, clock, request):
    first = open_page(shown, url, clock, request)
    begin(first)
    first.timer.stop()

    class Window:
        context = first.context
        shown: ClassVar[list[str]] = []

        def current_page_id(self) -> str:
            return "home"

        def show_page(self, page_id: str) -> None:
            self.shown.append(page_id)

    window = Window()
    offer_unfinished_exam(window)
    offer_unfinished_exam(window)  # a later refresh does not pull the learner back
    assert window.shown == ["exam"]


def answered_with(name: str):
    """An answer to the closing question: its button named `name` is clicked."""

    def answer(box: QMessageBox) -> None:
        assert "clock keeps running" in box.informativeText()
        box.findChild(QPushButton, name).click()

    return answer


def test_closing_the_window_during_an_exam_asks_first(qtbot, shown, url, clock, request):
    page = open_page(shown, url, clock, request)
    assert ask_before_closing(page, page, answered_with("none"))  # no exam: nothing to ask
    begin(page)
    assert not ask_before_closing(page, page, answered_with("examCloseCancel"))
    assert ask_before_closing(page, page, answered_with("examCloseConfirm"))
    finish(qtbot, page)
    assert ask_before_closing(page, page, answered_with("none"))  # submitted: nothing to ask


def test_an_exam_whose_pack_was_removed_can_be_discarded_and_nothing_is_scored(
    qtbot, shown, url, clock, request, monkeypatch
):
    first = open_page(shown, url, clock, request)
    exam = begin(first)
    tick_two(qtbot, first)
    first.timer.stop()
    without_it = Content(authored=(), families=["unit-delta"])  # its authored question is gone
    services = open_services(url, clock, content=without_it)
    request.addfinalizer(services.close)
    page = shown(ExamPage(UiContext(services, services.repo.find_profile("Ada"), {})))
    panel = page.resume_panel
    assert page.stack.currentWidget() is panel
    assert "cannot be resumed or submitted" in panel.text.text()
    assert "no longer on offer" in panel.text.text()
    assert not panel.resume_button.isEnabled() and not panel.submit_button.isEnabled()
    assert page.window().focusWidget() is panel.discard_button
    panel.discard_button.click()
    assert panel.confirm is not None  # asked first: a discarded exam is gone for good
    panel.confirm.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.setup)
    record = services.repo.get_session(exam.record.id)
    assert record.ended_at is not None and record.score is None
    assert services.repo.exam_draft(exam.record.id) == []
    assert services.repo.attempts_for_session(exam.record.id) == []
