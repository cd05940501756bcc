"""The network families' questions as a learner sees them: renderable, consistent, fair."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.nn import forward_backward, unit_names
from questions.families.diagrams import network_diagram
from questions.families.kit.small_text import num
from questions.families.mlp_forward import ForwardValue
from questions.families.mlp_gradients import HiddenWeightGradient, OutputWeightGradient, UnitDelta
from questions.families.sgd_update import SgdUpdate
from questions.network import mistakes as mk
from questions.network.ask import Ask
from questions.network.kernel import Network, Shape, batch
from questions.network.slips import TransposedWeight
from questions.numbers import format_number
from tests.questions.families.mazur import MAZUR

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
    hidden = HiddenWeightGradient()
    assert {q.prompt.split(" network")[0] for q in hidden.generate(1, range(40))} == {
        "A 1-1-1"
    }  # level 1 is a single path: one unit per layer, the error sent back through one weight
    for level in (2, 3):  # above it a hidden unit feeds two outputs, so there is a sum to do
        for q in hidden.generate(level, range(40)):
            assert re.match(r"A \d-\d-2 network", q.prompt)
            assert any(s.title.startswith("Sum over the fan-out") for s in q.solution)
    assert all(
        "What is the delta $\\delta_{o" in q.prompt for q in UnitDelta().generate(1, range(20))
    )
    for level in (2, 3):  # a hidden unit, its error summed over two output paths
        for q in UnitDelta().generate(level, range(20)):
            assert "$\\delta_{h" in q.prompt and re.match(r"A \d-\d-2 network", q.prompt)
    assert all(
        re.search(r"What is \$(net|out)_\{h", q.prompt)
        for q in ForwardValue().generate(1, range(20))
    )
    assert all(
        re.search(r"What is \$(net|out)_\{o", q.prompt)
        for q in ForwardValue().generate(2, range(20))
    )
    assert all(  # the whole forward pass, to an output unit's out
        "What is $out_{o" in q.prompt for q in ForwardValue().generate(3, range(20))
    )
    assert all(
        "sigmoid hidden units and sigmoid output" in q.prompt
        for q in SgdUpdate().generate(1, range(20))
    )


def _run(network: Network):
    numbers = {k: v[None] for k, v in network.numbers.items()}
    return forward_backward(batch(numbers, network.shape))


def test_mistakes_that_cannot_happen_are_left_out() -> None:
    # 2-3-2: no square weight matrix to transpose; bce: no 1/2 convention to get wrong
    numbers = dict(MAZUR.numbers)
    numbers["w0"] = np.array([[0.15, 0.20], [0.25, 0.30], [0.1, -0.2]])
    numbers["b0"] = np.array([0.35, 0.35, 0.0])
    numbers["w1"] = np.array([[0.40, 0.45, 0.3], [0.50, 0.55, 0.25]])
    numbers["t"] = np.array([0.0, 1.0])
    run = _run(Network(Shape((2, 3, 2), ("sigmoid", "sigmoid"), "bce"), numbers, 0.5))
    ask = Ask("grad_weights", 0, 0, 0)
    assert np.isnan(TransposedWeight().value(run, ask)[0])
    assert np.isnan(mk.FactorTwo().value(run, ask)[0])
    assert np.isfinite(mk.FlippedError().value(run, ask)[0])
    # one output: nothing to sum over
    single = dict(MAZUR.numbers)
    single["w1"], single["b1"], single["t"] = (
        MAZUR.numbers["w1"][:1],
        np.array([0.6]),
        np.array([0.01]),
    )
    run = _run(Network(Shape((2, 2, 1), ("sigmoid", "sigmoid")), single, 0.5))
    delta = Ask("delta", 0, 0)
    assert np.isnan(mk.OnePath().applies(run, delta, delta.value(run))[0])


def test_a_mistake_that_does_not_touch_the_asked_weight_is_left_out() -> None:
    run, w5 = _run(MAZUR), Ask("grad_weights", 1, 0, 0)
    answer = w5.value(run)
    assert np.isnan(mk.NoHiddenSlopes().applies(run, w5, answer)[0])  # w5 is above h's slope
    assert np.isnan(mk.OnePath().applies(run, w5, answer)[0])
    assert np.isfinite(mk.NoOutputSlope().applies(run, w5, answer)[0])


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
