"""The network families' questions as a learner sees them: renderable, consistent, fair."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.nn import unit_names
from questions.families.diagrams import network_diagram
from questions.families.mlp_common import BCE, mazur_params, run_network
from questions.families.mlp_forward import ForwardValue
from questions.families.mlp_gradients import HiddenWeightGradient, OutputWeightGradient, UnitDelta
from questions.families.mlp_mistakes import (
    BACKWARD_MISTAKES,
    delta_mistakes,
    gradient_mistakes,
)
from questions.families.mlp_steps import num
from questions.families.sgd_update import SgdUpdate
from questions.numbers import format_number

FAMILIES = [
    OutputWeightGradient(),
    HiddenWeightGradient(),
    UnitDelta(),
    ForwardValue(),
    SgdUpdate(),
]
CASES = [(f, level) for f in FAMILIES for level in (1, 2, 3)]
IDS = [f"{f.info.id}-L{level}" for f, level in CASES]


@pytest.fixture(scope="module", params=CASES, ids=IDS)
def questions(request):
    family, level = request.param
    return family, level, family.generate(level, range(40))


def test_the_worked_solution_ends_at_the_answer(questions) -> None:
    _, _, qs = questions
    for q in qs:
        assert q.solution[-1].result == num(q.answer.value)
        assert all(s.title and s.result for s in q.solution)


def test_hints_nudge_without_giving_the_answer(questions) -> None:
    _, _, qs = questions
    for q in qs:
        assert 1 <= len(q.hints) <= 2
        shown = {num(q.answer.value), format_number(q.answer.value, 3)}
        assert not any(s in hint for s in shown for hint in q.hints)


def test_the_diagram_never_shows_the_answer(questions) -> None:
    family, _, qs = questions
    for q in qs:
        assert q.diagram is not None and q.diagram.kind == "network"
        assert all(node.grad is None for node in q.diagram.nodes)  # deltas are the work
        if isinstance(family, ForwardValue):
            assert all(node.value is None for node in q.diagram.nodes if node.op)


def test_levels_ask_what_they_promise() -> None:
    assert {
        q.prompt.split(" network")[0] for q in HiddenWeightGradient().generate(1, range(40))
    } == {"A 2-2-2"}  # a hidden unit always feeds two outputs, so there is a sum to do
    assert all(
        "What is the delta $\\delta_{o" in q.prompt for q in UnitDelta().generate(1, range(20))
    )
    assert all("$\\delta_{h" in q.prompt for q in UnitDelta().generate(2, range(20)))
    assert all(
        re.search(r"What is \$(net|out)_\{h", q.prompt)
        for q in ForwardValue().generate(1, range(20))
    )
    assert all(
        "sigmoid hidden units and sigmoid output" in q.prompt
        for q in SgdUpdate().generate(1, range(20))
    )


def test_mistakes_that_cannot_happen_are_left_out() -> None:
    # 2-3-2: no square weight matrix to transpose; bce: no 1/2 convention to get wrong
    params = mazur_params(layer=0.0, j=0.0, i=0.0)
    params["n_hid"][:] = 3.0
    params["w1"][0, 2, :2] = [0.1, -0.2]
    params["w2"][0, :, 2] = [0.3, 0.25]
    params["loss"][:] = float(BCE)
    params["t"][0] = [0.0, 1.0]
    run = run_network(params)
    ask = [np.zeros(1, dtype=int)] * 3
    values = gradient_mistakes(params, run, *ask, ["transposed-weight", "factor-two", "error-sign"])
    assert np.isnan(values["transposed-weight"][0]) and np.isnan(values["factor-two"][0])
    assert np.isfinite(values["error-sign"][0])
    # one output: nothing to sum over
    single = mazur_params()
    single["n_out"][:] = 1.0
    single["w2"][0, 1], single["b2"][0, 1], single["t"][0, 1] = 0.0, 0.0, 0.0
    values = delta_mistakes(single, run_network(single), *ask[:2], ["no-fanout-sum"])
    assert np.isnan(values["no-fanout-sum"][0])


def test_a_mistake_that_does_not_touch_the_asked_weight_is_left_out() -> None:
    params = mazur_params()
    run = run_network(params)
    out = [np.ones(1, dtype=int), np.zeros(1, dtype=int), np.zeros(1, dtype=int)]
    values = gradient_mistakes(params, run, *out, list(BACKWARD_MISTAKES))
    assert np.isnan(values["no-hidden-activation-derivative"][0])  # w5 is above the hidden slope
    assert np.isnan(values["no-fanout-sum"][0])
    assert np.isfinite(values["no-activation-derivative"][0])


def test_network_diagram_labels_mazurs_weights() -> None:
    names = unit_names((2, 2, 2))
    w1, w2 = [[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]
    diagram = network_diagram(
        names,
        [0.05, 0.10],
        (w1, w2),
        ([0.35, 0.35], [0.60, 0.60]),
        ("sigmoid", "sigmoid"),
        outs=([0.5933, 0.5969], [0.7514, 0.7729]),
        deltas=([0.00877, 0.00995], [0.1385, -0.0381]),
    )
    edges = {(e.source, e.target): e.label for e in diagram.edges}
    assert edges[("h1", "o1")] == "w5 = 0.4"
    assert edges[("i2", "h2")] == "w4 = 0.3"
    assert edges[("+1@1", "o2")] == "b_o2 = 0.6"
    nodes = {n.id: n for n in diagram.nodes}
    assert (nodes["o1"].layer, nodes["o1"].value, nodes["o1"].grad) == (2, 0.7514, 0.1385)
    assert nodes["i1"].value == 0.05 and nodes["i1"].grad is None
    assert len(diagram.edges) == 4 + 4 + 2 + 2  # weights and one bias edge per unit
