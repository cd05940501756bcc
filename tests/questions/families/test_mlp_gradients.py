"""The one-hidden-layer families on Mazur's worked 2-2-2 example, against its published numbers.

Every value here goes through the families' own solve (one batched engine pass, checked by
central differences), so a question built on this network shows exactly these answers.
"""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.mlp_forward import ForwardValue
from questions.families.mlp_gradients import HiddenWeightGradient, OutputWeightGradient, UnitDelta
from questions.families.sgd_update import SgdUpdate
from questions.model import FamilyKey
from questions.network.ask import Ask
from tests.questions.families.mazur import MAZUR, mazur

# Published values (Mazur, "A Step by Step Backpropagation Example").
OUT_H1, OUT_H2 = 0.593269992, 0.596884378
NET_O1, OUT_O1 = 1.105905967, 0.75136507
DELTA_O1, DELTA_O2 = 0.138498562, -0.038098236
SLOPE_H1 = 0.241300709
W5, W1 = Ask("grad_weights", 1, 0, 0), Ask("grad_weights", 0, 0, 0)


def _solve(family, ask: Ask, level: int = 1):
    solved = family.solve(mazur(ask), level)
    assert solved.answer[0] == pytest.approx(solved.check[0], rel=1e-7)  # engine vs oracle
    return solved


def test_output_weight_gradient_is_mazurs_de_dw5() -> None:
    solved = _solve(OutputWeightGradient(), W5)
    assert solved.answer[0] == pytest.approx(0.082167041, abs=1e-9)


def test_hidden_weight_gradient_is_mazurs_de_dw1() -> None:
    solved = _solve(HiddenWeightGradient(), W1)
    assert solved.answer[0] == pytest.approx(0.000438568, abs=1e-9)


def test_hidden_weight_gradient_sums_both_output_paths() -> None:
    solved = _solve(HiddenWeightGradient(), W1)
    both = (DELTA_O1 * 0.40 + DELTA_O2 * 0.50) * SLOPE_H1 * 0.05
    one = DELTA_O1 * 0.40 * SLOPE_H1 * 0.05
    assert solved.answer[0] == pytest.approx(both, rel=1e-7)
    assert solved.mistakes["no-fanout-sum"][0] == pytest.approx(one, rel=1e-7)
    variant = solved.extra["variant"][0]
    assert variant.run.layers[0].grad_out[0, 0] == pytest.approx(0.036350306, abs=1e-9)


def test_output_weight_mistakes_are_the_named_slips() -> None:
    mistakes = _solve(OutputWeightGradient(), W5).mistakes
    error = OUT_O1 - 0.01
    assert mistakes["no-activation-derivative"][0] == pytest.approx(error * OUT_H1, rel=1e-7)
    assert mistakes["derivative-at-net"][0] == pytest.approx(
        error * NET_O1 * (1 - NET_O1) * OUT_H1, rel=1e-7
    )
    assert mistakes["error-sign"][0] == pytest.approx(-0.082167041, abs=1e-9)
    assert mistakes["factor-two"][0] == pytest.approx(2 * 0.082167041, abs=1e-9)
    assert mistakes["wrong-input"][0] == pytest.approx(DELTA_O1 * OUT_H2, rel=1e-7)
    assert mistakes["forward-not-gradient"][0] == pytest.approx(OUT_O1, rel=1e-7)


def test_transposed_weight_sends_the_error_back_through_w6_instead_of_w7() -> None:
    mistakes = _solve(HiddenWeightGradient(), W1).mistakes
    wrong = (DELTA_O1 * 0.40 + DELTA_O2 * 0.45) * SLOPE_H1 * 0.05
    assert mistakes["transposed-weight"][0] == pytest.approx(wrong, rel=1e-7)


def test_output_delta_and_forward_value() -> None:
    assert _solve(UnitDelta(), Ask("delta", 1, 0)).answer[0] == pytest.approx(DELTA_O1, abs=1e-9)
    forward = _solve(ForwardValue(), Ask("out", 1, 0), level=2)
    assert forward.answer[0] == pytest.approx(OUT_O1, abs=1e-8)
    net_h1 = _solve(ForwardValue(), Ask("net", 0, 0))
    assert net_h1.answer[0] == pytest.approx(0.3775, abs=1e-12)


@pytest.mark.parametrize(
    ("layer", "j", "i", "new_value"),
    [(1, 0, 0, 0.35891648), (1, 1, 1, 0.561370121), (0, 0, 0, 0.149780716)],
)
def test_sgd_step_gives_mazurs_new_weights(layer, j, i, new_value) -> None:
    solved = _solve(SgdUpdate(), Ask("new_weights", layer, j, i), level=2)
    assert solved.answer[0] == pytest.approx(new_value, abs=1e-8)
    change = _solve(SgdUpdate(), Ask("new_weights", layer, j, i, change=True), level=2)
    old = MAZUR.numbers[f"w{layer}"][j, i]
    assert change.answer[0] == pytest.approx(new_value - old, abs=1e-8)


def test_sgd_mistakes_for_w5() -> None:
    new = _solve(SgdUpdate(), Ask("new_weights", 1, 0, 0)).mistakes
    assert new["update-sign"][0] == pytest.approx(0.40 + 0.5 * 0.082167041, abs=1e-9)
    assert new["no-learning-rate"][0] == pytest.approx(0.40 - 0.082167041, abs=1e-9)
    assert new["change-not-weight"][0] == pytest.approx(-0.5 * 0.082167041, abs=1e-9)
    assert np.isnan(new["weight-not-change"][0])  # the new weight *is* the answer here
    change = _solve(SgdUpdate(), Ask("new_weights", 1, 0, 0, change=True)).mistakes
    assert change["weight-not-change"][0] == pytest.approx(0.35891648, abs=1e-8)
    assert np.isnan(change["change-not-weight"][0])


def test_updated_weight_upstream_uses_w5_and_w7_after_the_step() -> None:
    mistakes = _solve(SgdUpdate(), Ask("new_weights", 0, 0, 0), level=2).mistakes
    stale = (DELTA_O1 * 0.35891648 + DELTA_O2 * 0.511301270) * SLOPE_H1 * 0.05
    assert mistakes["updated-weight-upstream"][0] == pytest.approx(0.15 - 0.5 * stale, rel=1e-7)


def test_worked_solution_for_dw1_reads_like_the_textbook() -> None:
    family = HiddenWeightGradient()
    params = mazur(W1)
    solved = family.solve(params, 1)
    question = family.build(
        FamilyKey(family.info.id, 1, 0), {k: v[0] for k, v in params.items()}, solved.row(0)
    )
    titles = [s.title for s in question.solution]
    assert titles[:4] == [
        "Forward pass at h1",
        "Forward pass at h2",
        "Forward pass at o1",
        "Forward pass at o2",
    ]
    fanout = next(s for s in question.solution if s.title == "Sum over the fan-out of h1")
    assert fanout.substituted == "0.1385 × 0.4 + (-0.0381) × 0.5"
    assert fanout.result == "0.03635"
    assert (
        question.solution[-1].formula == r"$\partial E / \partial w_{1} = \delta_{h1} \cdot i_{1}$"
    )
    assert question.solution[-1].result == "0.0004386"
    assert "$w_{5} = 0.4$ (h1→o1)" in question.prompt
