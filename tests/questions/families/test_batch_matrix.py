"""The batch weight-gradient family: whole matrices, checked against the closed form at each
level (one example, a batch under the mean, a batch behind a second layer)."""

import numpy as np
import pytest

from questions import registry
from questions.grading import grade
from questions.matrix import format_matrix, parse_matrix, transpose
from questions.model import Kind

FAMILY = registry.family("batch-matrix-gradient")


def _given(question, name: str) -> np.ndarray:
    """A matrix the prompt gives, read back from its text."""
    text = question.prompt.split(f"${name}$ = ")[1]
    return np.array(parse_matrix(text[: text.index("]]") + 2]))


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_answer_is_x_transpose_times_the_output_gradient(level: int) -> None:
    for question in FAMILY.generate(level, range(20)):
        x = _given(question, "x" if level == 1 else "X")
        t = _given(question, "t" if level == 1 else "T")
        w, b = _given(question, "W"), question.prompt.split("$b$ = [")[1].split("]")[0]
        y = x @ w + np.array([float(v) for v in b.split(", ")])
        scale = 1 / len(x) if "the mean" in question.prompt else 1.0
        if level == 3:
            v = _given(question, "V")
            expected = x.T @ ((y @ v - t) @ v.T) * scale
        else:
            expected = x.T @ (y - t) * scale
        assert question.kind is Kind.MATRIX and question.topic == "batches"
        assert np.allclose(question.matrix.rows, expected, rtol=2e-3, atol=1e-3)
        assert question.matrix.shape == w.shape


def test_each_level_adds_the_steps_of_its_work() -> None:
    ids = [[s.id for s in FAMILY.question(level, 0).solution] for level in (1, 2, 3)]
    assert ids == [
        ["forward", "loss-grad", "grad"],
        ["forward", "loss-grad", "batch", "grad"],
        ["forward", "forward:z", "loss-grad", "batch", "back", "grad"],
    ]


def test_each_mistake_is_named_from_the_whole_matrix() -> None:
    question = FAMILY.question(1, 3)  # 2 x 2: a transpose has the answer's shape
    named = {
        m.mistake: grade(question, format_matrix(m.rows, 5)).mistake
        for m in question.matrix_mistakes
    }
    assert named == {"transposed": "transposed", "error-sign": "error-sign"}
    batch = FAMILY.question(2, 3)
    assert {m.mistake for m in batch.matrix_mistakes} == {
        "transposed",
        "error-sign",
        "sum-not-mean",
        "single-example",
    }


def test_a_transposed_answer_of_another_shape_asks_about_the_transpose() -> None:
    question = FAMILY.question(2, 0)  # dL/dW is 3 x 2
    verdict = grade(question, format_matrix(transpose(question.matrix.rows), 5))
    assert not verdict.counts_as_attempt
    assert "Your matrix is 2 × 3, but the answer is 3 × 2. Did you transpose it?" in verdict.message


def test_level_three_states_its_convention_and_names_the_other() -> None:
    questions = FAMILY.generate(3, range(40))
    summed = [q for q in questions if "the sum" in q.prompt]
    assert summed and len(summed) < len(questions)
    assert all("mean-not-sum" in {m.mistake for m in q.matrix_mistakes} for q in summed)
    assert all("sum-not-mean" not in {m.mistake for m in q.matrix_mistakes} for q in summed)
