"""Where a mistake enters a worked solution, named by the step's number and own title."""

from __future__ import annotations

from questions import registry
from questions.diagnosis import ENTERS, entry_step, where_it_enters
from questions.grading import grade
from questions.matrix import format_matrix


def test_a_mistake_enters_at_the_first_step_of_its_kinds() -> None:
    question = registry.family("batchnorm-backward").question(1, 4)
    ids = [step.id for step in question.solution]
    assert ENTERS["bn-unbiased-variance"] == ("stats",)
    assert entry_step("bn-unbiased-variance", question.solution) == "stats" == ids[0]
    assert entry_step("bn-constant-stats", question.solution) == "grad" == ids[-1]
    assert entry_step("update-sign", question.solution) == ""  # no update step here


def test_a_whole_matrix_mistake_names_the_step_it_enters_at() -> None:
    question = registry.family("dropout-backward").question(2, 5)
    title = question.solution[1].title
    assert where_it_enters(question, "dropout-no-scale") == f"It goes wrong at step 2, {title}."
    wrong = next(m for m in question.matrix_mistakes if m.mistake == "dropout-no-scale")
    verdict = grade(question, format_matrix(wrong.rows, 6))
    assert verdict.mistake == "dropout-no-scale"
    assert f"It goes wrong at step 2, {title}." in verdict.message
