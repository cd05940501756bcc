"""Home: the day's summary from the services, and buttons into every mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import open_services
from app.ui.context import UiContext
from app.ui.pages.home import HomePage
from questions.model import TOPICS
from tests.services.helpers import START, Clock, right_response


@pytest.fixture
def context(tmp_path):
    services = open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}", now=Clock(START))
    yield UiContext(services, services.create_profile("Ada"), {})
    services.close()


def test_a_new_learner_sees_nothing_due_and_zero_mastery(qtbot, context) -> None:
    page = HomePage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.heading.text() == "Welcome, Ada"
    assert page.due_tile.value.text() == "0"
    assert page.skills_tile.value.text().startswith("0 / ")
    assert page.mastery_model.rowCount() == len(TOPICS)
    assert {row.mastery for row in page.mastery_model.rows} == {0.0}


def test_answers_show_up_in_the_counts_and_mastery(qtbot, context) -> None:
    session = context.services.study(context.profile.id)
    question = session.next()
    session.submit(right_response(question))
    page = HomePage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.heading.text() == "Welcome back, Ada"
    assert page.answers_tile.value.text() == "1 / 1"
    assert page.streak_tile.value.text() == "1"
    assert page.skills_tile.value.text().startswith("1 / ")
    assert max(row.mastery for row in page.mastery_model.rows) > 0


def test_each_mode_button_navigates_to_its_page(qtbot, context) -> None:
    page = HomePage(context)
    qtbot.addWidget(page)
    page.refresh()
    asked: list[str] = []
    context.navigate_requested.connect(asked.append)
    page.mode_buttons["study"].setFocus()
    qtbot.keyClick(page.mode_buttons["study"], Qt.Key.Key_Space)
    qtbot.mouseClick(page.mode_buttons["exam"], Qt.MouseButton.LeftButton)
    assert asked == ["study", "exam"]


def test_without_a_database_the_buttons_wait(qtbot) -> None:
    page = HomePage(UiContext())
    qtbot.addWidget(page)
    page.refresh()
    assert not page.mode_buttons["study"].isEnabled()
    assert page.summary.text() == "Opening your progress…"


def test_a_database_error_is_a_dialog_not_a_crash(qtbot, context) -> None:
    def broken(_profile_id: int) -> None:
        raise OSError("disk I/O error")

    context.services.home = broken
    page = HomePage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert context.last_error.text() == "Could not load your summary: disk I/O error"
    assert "Nothing was lost" in context.last_error.informativeText()
