"""One rule for multiple-select scoring: the app's grade and every export's percentages agree.

For every selection of every multiple-answer question, the score `questions.grading` gives is
the score Moodle computes from the Moodle XML fractions and from the GIFT weights (its reader
modelled in moodle_gift): the sum of the picked choices' percentages, floored at 0.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import moodle_gift
import pytest

from questions.export.gift import gift, gift_notes
from questions.export.moodle_xml import moodle_xml
from questions.grading import grade
from questions.model import AuthoredKey, Choice, Kind, Question
from questions.packs import expand

FIVE = Question(
    key=AuthoredKey("p", "five", "1"),
    topic="purpose",
    kind=Kind.MULTIPLE,
    prompt="Which are right?",
    choices=tuple(Choice(f"c{n}", n in (0, 2, 3), f"why {n}") for n in range(5)),
    scoring="partial",
)


def moodle_score(fractions: list[float], picked: tuple[int, ...]) -> float:
    """How Moodle's multichoice (several answers) scores a selection."""
    return min(1.0, max(0.0, sum(fractions[i] for i in picked)))


def selections(count: int) -> list[tuple[int, ...]]:
    return [s for r in range(1, count + 1) for s in itertools.combinations(range(count), r)]


def multiple_questions(pack) -> list[Question]:
    return [q for q in expand(pack, 1) if q.kind is Kind.MULTIPLE] + [FIVE]


def test_the_app_and_moodle_xml_score_every_selection_the_same(pack) -> None:
    for question in multiple_questions(pack):
        root = ET.fromstring(moodle_xml("T", [question]))
        element = root.find("question[@type='multichoice']")
        fractions = [float(a.get("fraction")) / 100 for a in element.findall("answer")]
        for picked in selections(len(question.choices)):
            app = grade(question, picked).score
            assert moodle_score(fractions, picked) == pytest.approx(app, abs=1e-4), picked


def test_the_app_and_gift_score_every_selection_the_same(pack) -> None:
    for question in multiple_questions(pack):
        (block,) = gift("T", [question]).strip("\n").split("\n\n")[1:]
        weights = [a.weight for a in moodle_gift.multichoice(block)]
        for picked in selections(len(question.choices)):
            app = grade(question, picked).score
            assert moodle_score(weights, picked) == pytest.approx(app, abs=1e-4), picked


def test_partial_credit_is_the_pack_default_and_counts_right_minus_wrong(pack) -> None:
    (needs,) = [q for q in expand(pack, 1) if q.kind is Kind.MULTIPLE]
    assert needs.scoring == "partial"
    assert grade(needs, (0,)).score == 0.5  # one of two right choices
    assert grade(needs, (0, 2)).score == 0.0  # one right, one wrong
    assert grade(needs, (0, 1)).score == 1.0


def test_an_all_or_nothing_question_is_named_where_a_format_cannot_hold_it() -> None:
    strict = Question(**{**FIVE.__dict__, "scoring": "all-or-nothing"})
    assert grade(strict, (0, 2)).score == 0.0
    (note,) = gift_notes([strict])
    assert "cannot score all-or-nothing" in note and "p/five" in note
