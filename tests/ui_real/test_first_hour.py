"""A new learner's first hour in a real window: first run, a study session, a practice quiz,
and an exam answered, killed with SIGKILL, resumed and submitted.

The tests run in order on one database, as one learner would: each starts where the one
before left the app. Every click and key is a real X event; the database is read afterwards
with sqlite3, as another program would.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.widgets.math_label import plain_text
from questions import registry
from questions.bank import load_bank
from questions.model import FamilyKey, Question, parse_key
from tests.ui_real.desktop import Desktop, RunningApp, Widget, wait_for

NAME = "Grace"

Given = str | tuple[bool, str]
"""An answer as given: the text typed, or (a checkbox?, the text of the choice clicked)."""


def authored(key_text: str) -> Question:
    """The question a stored key names, its choices in their authored order."""
    key = parse_key(key_text)
    if isinstance(key, FamilyKey):
        return registry.regenerate(key)
    return next(q for q in load_bank().questions if q.key == key)


def as_stored(key_text: str, given: Given) -> str:
    """How an answer is stored: a choice by its authored index, whatever order it was shown in."""
    if isinstance(given, str):
        return given
    checkbox, clicked = given
    texts = [plain_text(c.text) for c in authored(key_text).choices]
    index = texts.index(clicked)
    return f"[{index}]" if checkbox else str(index)


def clicked(choice: Widget) -> tuple[bool, str]:
    """A choice widget as an answer given: whether it is a checkbox, and its text."""
    return choice["class"] == "QCheckBox", choice["accessible"].split(": ", 1)[1]


class Learner:
    """The learner's home folder, database and the app running now (one at a time)."""

    def __init__(self, desktop: Desktop, folder: Path) -> None:
        self.desktop, self.folder = desktop, folder
        self.db = folder / "x.db"
        self.app: RunningApp | None = None
        self.expected: dict[int, Given] = {}  # exam answers by position, as given
        self.keys: dict[int, str] = {}  # exam questions by position

    def start(self) -> RunningApp:
        """Start the app (after the last one ended)."""
        assert self.app is None or self.app.process.poll() is not None
        self.app = self.desktop.launch(self.db, self.folder / "probe.json")
        return self.app

    def rows(self, sql: str, *args: object) -> list[sqlite3.Row]:
        """Rows from the learner's database, read as another program would."""
        with sqlite3.connect(self.db) as db:
            db.row_factory = sqlite3.Row
            return db.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def learner(desktop: Desktop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Learner]:
    """One learner for the module's tests, which run in order."""
    one = Learner(desktop, tmp_path_factory.mktemp("learner"))
    yield one
    if one.app is not None:
        one.app.close()
    settings = Path(desktop.env["XDG_CONFIG_HOME"]) / "backprop-quiz" / "settings.json"
    settings.unlink(missing_ok=True)  # the next module's learner starts afresh


def question_widgets(app: RunningApp) -> list[Widget]:
    """The widgets of the question on screen, once its answer entry is shown."""

    def entry() -> list[Widget]:
        found = app.snapshot()["widgets"]
        answerable = any(
            w["accessible"] in ("Your answer", "Your formula")
            or w["accessible"].startswith(("Choice ", "Blank ", "Row "))
            for w in found
        )
        return found if answerable else []

    return wait_for(entry, 30, "a question to answer")


def answer_shown_question(app: RunningApp) -> Given:
    """Answer the question on screen with real clicks and keys, and submit it; return the
    answer as given."""
    widgets = question_widgets(app)
    by_name = {w["accessible"]: w for w in widgets}
    if "Your answer" in by_name:  # typed, submitted with Enter
        app.click(by_name["Your answer"])
        app.type("0.5")
        app.key("Return")
        return "0.5"
    if "Your formula" in by_name:  # a formula, submitted with Enter
        app.click(by_name["Your formula"])
        app.type("x")
        app.key("Return")
        return "x"
    cells = [w for w in widgets if w["accessible"].startswith("Row ")]
    if cells:  # a matrix, a 1 in every cell, submitted with the button
        at = [tuple(int(n) for n in re.findall(r"\d+", w["accessible"])) for w in cells]
        rows, columns = max(r for r, _ in at), max(c for _, c in at)
        for cell in cells:
            app.click(cell)
            app.type("1")
        app.click(app.find(accessible="Submit the answer", enabled=True))
        return json.dumps([["1"] * columns for _ in range(rows)])
    choices = sorted(
        (w for w in widgets if w["accessible"].startswith("Choice ")), key=lambda w: w["rect"][1]
    )
    if choices:  # clicked, submitted with the mouse
        app.click(choices[0])
        app.click(app.find(accessible="Submit the answer"))
        return clicked(choices[0])
    blanks = sorted(
        (w for w in widgets if w["accessible"].startswith("Blank ")), key=lambda w: w["rect"][1]
    )
    for blank in blanks:  # each blank checked as it is entered
        app.click(app.find(accessible=blank["accessible"], enabled=True))
        app.type("1")
        app.key("Return")
    return json.dumps(["1"] * len(blanks))


def test_first_run_asks_who_is_studying_and_remembers_the_name(learner: Learner) -> None:
    app = learner.start()
    app.find(accessible="New learner's name", focus=True, seconds=90)  # typing goes there
    app.type(NAME)
    app.key("Return")
    app.gone(window="Who is studying?")
    app.find(accessible="Status", text=f"Learner: {NAME}")
    assert [r["name"] for r in learner.rows("SELECT name FROM profiles")] == [NAME]
    settings = Path(learner.desktop.env["XDG_CONFIG_HOME"]) / "backprop-quiz" / "settings.json"
    assert json.loads(settings.read_text())["profile"] == NAME


def test_a_study_session_stores_each_answer_as_given_with_its_time(learner: Learner) -> None:
    app = learner.app
    assert app is not None
    app.click(app.find(accessible="Study now"))
    given, limits = [], []
    for _ in range(3):
        shown = time.monotonic()
        given.append(answer_shown_question(app))
        next_button = app.find(accessible="Next question")
        limits.append(time.monotonic() - shown)
        app.click(next_button)
    rows = learner.rows("SELECT mode, question_key, response, seconds FROM attempts ORDER BY id")
    assert [r["mode"] for r in rows] == ["study"] * 3
    assert [r["response"] for r in rows] == [
        as_stored(r["question_key"], g) for r, g in zip(rows, given, strict=True)
    ]
    for row, limit in zip(rows, limits, strict=True):
        assert 0 < row["seconds"] <= limit + 1, (row["seconds"], limit)


def test_a_practice_quiz_of_two_questions_ends_on_its_summary(learner: Learner) -> None:
    app = learner.app
    assert app is not None
    app.key("ctrl+3")
    count = app.find(accessible="Number of questions")
    app.click(count)
    app.key("ctrl+a")
    app.type("2")
    app.click(app.find(text="Start practice"))
    given = []
    for _ in range(2):
        given.append(answer_shown_question(app))
        app.click(app.find(accessible="Next question"))
    result = app.find(accessible="Practice result")
    assert "2" in result["text"], result["text"]
    rows = learner.rows(
        "SELECT question_key, response, seconds FROM attempts WHERE mode = 'practice'"
    )
    assert [r["response"] for r in rows] == [
        as_stored(r["question_key"], g) for r, g in zip(rows, given, strict=True)
    ]
    assert all(r["seconds"] > 0 for r in rows)


def enter_exam_answer(app: RunningApp) -> Given | None:
    """Answer the exam question on screen by clicking (choice 2) or typing (0.25), without
    submitting; the answer as given, or None for a question answered in blanks."""
    widgets = question_widgets(app)
    by_name = {w["accessible"]: w for w in widgets}
    if "Your answer" in by_name:
        app.click(by_name["Your answer"])
        app.type("0.25")
        return "0.25"
    choices = sorted(
        (w for w in widgets if w["accessible"].startswith("Choice ")), key=lambda w: w["rect"][1]
    )
    if not choices:  # blanks, a formula or a matrix: left for another question
        return None
    app.click(choices[1])
    return clicked(choices[1])


def exam_position(app: RunningApp) -> int:
    """The 0-based position of the exam question on screen ("Question 3 of 10 · …")."""
    line = app.find_prefix("text", "Question ")[0]["text"]
    return int(line.split()[1]) - 1


def test_an_exam_answered_by_clicking_is_saved_before_the_app_is_killed(learner: Learner) -> None:
    app = learner.app
    assert app is not None
    app.key("ctrl+4")
    app.click(app.find(name="examBuildButton"))
    app.find(name="examRunningPanel")
    learner.expected = {}
    while len(learner.expected) < 2:  # two questions answered, moving on after each
        position = exam_position(app)
        response = enter_exam_answer(app)
        if response is not None:
            learner.expected[position] = response
        app.click(app.find(name="examNextButton"))
        wait_for(lambda p=position: exam_position(app) != p, 30, "the next exam question")

    def drafts() -> dict[int, object]:  # a draft keeps the response as JSON
        rows = learner.rows("SELECT position, response FROM exam_drafts WHERE response IS NOT NULL")
        return {r["position"]: json.loads(r["response"]) for r in rows}

    keys = learner.rows("SELECT position, question_key FROM exam_drafts")
    learner.keys = {r["position"]: r["question_key"] for r in keys}
    stored = {p: as_stored(learner.keys[p], g) for p, g in learner.expected.items()}
    wanted = {
        p: json.loads(r) if r.startswith("[") or r.isdigit() else r for p, r in stored.items()
    }
    wait_for(lambda: drafts() == wanted, 30, f"drafts {wanted}")
    app.kill()
    rows = learner.rows("SELECT seconds FROM exam_drafts WHERE response IS NOT NULL")
    assert all(r["seconds"] > 0 for r in rows)


def test_after_a_kill_the_exam_resumes_with_every_answer(learner: Learner) -> None:
    app = learner.start()
    app.click(app.find(name="examResumeButton", seconds=90))
    app.find(name="examRunningPanel")
    for position, response in learner.expected.items():
        while (now := exam_position(app)) != position:
            app.click(app.find(name="examPrevButton" if now > position else "examNextButton"))
            wait_for(lambda n=now: exam_position(app) != n, 30, "another exam question")
        if response == "0.25":
            assert app.find(accessible="Your answer")["text"] == "0.25"
        else:
            chosen = next(
                w
                for w in app.find_prefix("accessible", "Choice ")
                if w["accessible"].endswith(f": {response[1]}")
            )
            assert chosen["checked"], chosen  # the same choice is ticked again


def test_a_double_click_on_submit_shows_the_summary_and_finishing_stores_the_answers(
    learner: Learner,
) -> None:
    app = learner.app
    assert app is not None
    app.click(app.find(name="examSubmitButton"), double=True)
    summary = app.find(name="examSummaryText")
    assert not app.widgets(name="examReportPanel"), "a double-click must not submit the exam"
    assert summary["text"].startswith(f"{len(learner.expected)} of 10 questions answered")
    time.sleep(1)  # a press within a double-click of the summary appearing is ignored
    app.click(app.find(name="examFinishButton"))
    app.find(name="examReportPanel")
    keys = learner.rows("SELECT id FROM sessions WHERE mode = 'exam'")
    assert len(keys) == 1
    rows = learner.rows("SELECT response, seconds FROM attempts WHERE mode = 'exam' ORDER BY id")
    answered = [r["response"] for r in rows if r["response"]]
    assert sorted(answered) == sorted(
        as_stored(learner.keys[p], g) for p, g in learner.expected.items()
    )
    assert all(r["seconds"] > 0 for r in rows if r["response"])
    assert not learner.rows("SELECT id FROM exam_drafts")
