"""The Qt item models over plain dataclasses, checked without any window."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from app.services.exam_report import make_report
from app.ui.models import (
    ExamEntry,
    ExamQuestionModel,
    MasteryModel,
    ReportItemModel,
    TopicScoreModel,
    percent,
    topic_title,
)
from questions.bank import questions_for
from questions.grading import grade
from tests.services.helpers import right_response, wrong_response

DISPLAY = Qt.ItemDataRole.DisplayRole


def texts(model) -> list[list[str]]:
    """Every cell of a model as shown."""
    return [
        [model.data(model.index(r, c), DISPLAY) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_mastery_model_shows_topic_names_and_percentages() -> None:
    model = MasteryModel.from_series(["purpose", "losses"], [0.734, 0.0])
    assert texts(model) == [["What backprop computes", "73%"], ["Losses", "0%"]]
    assert model.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "Mastery"


def test_set_rows_replaces_everything_and_announces_a_reset() -> None:
    model = MasteryModel.from_series(["purpose"], [0.5])
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_rows(MasteryModel.from_series(["batches", "optimizers"], [1.0, 0.25]).rows)
    assert resets == [True]
    assert [row.topic for row in model.rows] == ["batches", "optimizers"]
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole).mastery == 0.25


def test_exam_entries_say_answered_and_flagged() -> None:
    model = ExamQuestionModel(
        [
            ExamEntry(0, "Sigmoid slope", "activations", answered=True, flagged=False),
            ExamEntry(1, "Chain rule", "chain-rule", answered=False, flagged=True),
        ]
    )
    assert texts(model) == [
        ["1. Sigmoid slope — answered"],
        ["2. Chain rule — not answered, flagged"],
    ]


def test_report_models_show_scores_per_topic_and_each_question() -> None:
    first, second = questions_for("chain-rule")[:2]
    items = [
        (first, "0", grade(first, right_response(first))),
        (second, "1", grade(second, wrong_response(second))),
    ]
    report = make_report(items, [False, True], datetime(2024, 1, 1, tzinfo=UTC), False, 2)
    topics = TopicScoreModel(report.topics)
    assert texts(topics) == [["Chain rule and graphs", "1 of 2", "50%"]]
    questions = ReportItemModel(report.items)
    shown = texts(questions)
    assert [row[1] for row in shown] == ["right", "wrong"]
    assert shown[1][0].endswith("(flagged)")


def test_unknown_topic_keeps_its_id_and_percent_rounds() -> None:
    assert topic_title("made-up") == "made-up"
    assert percent(0.005) == "0%" and percent(0.999) == "100%"
