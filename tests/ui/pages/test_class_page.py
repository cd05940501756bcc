"""Class: the report loads off the GUI thread; tables sort, filter, open a mistake, export."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services import open_services
from app.store.records import Attempt
from app.ui.context import UiContext
from app.ui.pages.class_page import ClassPage
from tests.services.helpers import START, Clock

LEARNERS = ("Ada", "Bo", "Cy")


@pytest.fixture
def context(tmp_path, themed):
    """Three learners: Ada right on everything, Bo and Cy wrong on chain-rule with a mistake."""
    services = open_services(f"sqlite:///{tmp_path / 'class.sqlite3'}", now=Clock(START))
    for n, name in enumerate(LEARNERS):
        learner = services.create_profile(name)
        for i, skill in enumerate(("chain-rule/L1", "chain-rule/L2", "losses/L1")):
            right = name == "Ada" or skill == "losses/L1"
            services.repo.record_attempt(
                Attempt(
                    profile_id=learner.id,
                    question_key=f"{skill}/{n}",
                    skill=skill,
                    topic=skill.split("/")[0],
                    mode="practice",
                    response="1",
                    correct=right,
                    score=float(right),
                    seconds=12.0 + i,
                    mistake=None if right else "no-slope",
                    answered_at=START - timedelta(days=n),
                )
            )
    yield UiContext(services, None, {})
    services.close()


@pytest.fixture
def page(qtbot, context) -> ClassPage:
    page = ClassPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def load(qtbot, page: ClassPage, change=None) -> None:
    with qtbot.waitSignal(page.drawn, timeout=20000):
        if change is None:
            page.refresh()
        else:
            change()
        assert page.busy.isVisible()  # computed on a pool thread
    assert not page.busy.isVisible()


def column(page: ClassPage, name: str, key: str) -> list[str]:
    view = page.views[name]
    model = view.model()
    index = page.models[name].header.index(key)
    return [model.index(r, index).data() for r in range(model.rowCount())]


def test_the_report_fills_every_table_and_draws_the_heat_map(qtbot, page) -> None:
    load(qtbot, page)
    assert column(page, "learners", "learner") == list(LEARNERS)
    assert column(page, "learners", "share_right") == ["100%", "33%", "33%"]
    assert sorted(column(page, "items", "skill")) == ["chain-rule/L1", "chain-rule/L2", "losses/L1"]
    assert column(page, "mistakes", "learners") == ["2"]
    assert page.canvas is not None and page.figure.axes  # the heat map
    assert "3 learners, 9 answers" in page.summary.text()


def test_a_column_sorts_by_its_values(qtbot, page) -> None:
    load(qtbot, page)
    index = page.models["learners"].header.index("share_right")
    page.views["learners"].sortByColumn(index, Qt.SortOrder.AscendingOrder)
    assert column(page, "learners", "learner")[-1] == "Ada"
    page.views["learners"].sortByColumn(index, Qt.SortOrder.DescendingOrder)
    assert column(page, "learners", "learner")[0] == "Ada"


def test_the_topic_and_date_filters_reload_the_report(qtbot, page) -> None:
    load(qtbot, page)
    losses = page.topic.findData("losses")
    load(qtbot, page, lambda: page.topic.setCurrentIndex(losses))
    assert column(page, "items", "skill") == ["losses/L1"]
    assert column(page, "learners", "share_right") == ["100%"] * 3
    page.topic.blockSignals(True)
    page.topic.setCurrentIndex(0)
    page.topic.blockSignals(False)
    page.since.setDate(page.since.date().fromString(str(START.date()), "yyyy-MM-dd"))
    page.until.setDate(page.since.date())
    load(qtbot, page, lambda: page.use_dates.setChecked(True))
    assert column(page, "learners", "attempts") == ["3", "0", "0"]  # only Ada answered that day


def test_choosing_a_mistake_lists_the_questions_where_it_happened(qtbot, page) -> None:
    load(qtbot, page)
    page.tabs.setCurrentIndex(2)
    view = page.views["mistakes"]
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.waitUntil(lambda: page.places.rowCount() == 4, timeout=10000)
    keys = {page.places.rows[r][0] for r in range(4)}
    assert keys == {"chain-rule/L1/1", "chain-rule/L2/1", "chain-rule/L1/2", "chain-rule/L2/2"}


def test_the_table_shown_exports_to_csv(qtbot, page, tmp_path: Path) -> None:
    load(qtbot, page)
    page.tabs.setCurrentIndex(1)
    target = tmp_path / "items.csv"
    page.ask_save_path = lambda _suggested: str(target)
    page.export_current()
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["skill"] for r in rows} == {"chain-rule/L1", "chain-rule/L2", "losses/L1"}
    assert "Saved 3 rows" in page.summary.text()
