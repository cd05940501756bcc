"""Chain rule on circuits: textbook values, mistakes, worked solutions and the graph diagram."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.chain_rule import ChainRule
from questions.families.circuits import CIRCUITS, MAX_MARGIN, Pick, draw_inputs, structure
from questions.families.graph_diagram import graph_diagram, layout
from questions.grading import grade
from questions.numbers import parse_number

FAMILY = ChainRule()


def _solve(level: int, script: str, asked: str, **inputs: float):
    s = structure(script)
    values = np.zeros(4)
    values[: len(s.inputs)] = [inputs[name] for name in s.inputs]
    pick = Pick(CIRCUITS[level].index(script), s.inputs.index(asked))
    params = {"pick": pick, "inputs": values}
    return FAMILY.solve(stack([params]), level)


@pytest.mark.parametrize(("asked", "gradient"), [("x", -4.0), ("y", -4.0), ("z", 3.0)])
def test_the_textbook_add_then_multiply_circuit(asked: str, gradient: float) -> None:
    # f = (x + y) z at x = -2, y = 5, z = -4: q = 3, f = -12
    solved = _solve(1, "q = x + y; f = q * z", asked, x=-2, y=5, z=-4)
    assert solved.answer[0] == pytest.approx(gradient)
    assert solved.check[0] == pytest.approx(gradient)
    assert solved.mistakes["forward-not-gradient"][0] == pytest.approx(-12.0)


def test_a_fanned_out_input_sums_its_paths_and_each_mistake_has_its_value() -> None:
    # a = x y = 6, b = max(a, z) = 6 (a wins), f = b x = 12
    solved = _solve(2, "a = x * y; b = max(a, z); f = b * x", "x", x=2, y=3, z=1)
    assert solved.answer[0] == pytest.approx(6 + 2 * 3)  # b directly, plus x * y through a
    assert solved.mistakes["no-fanout-sum"][0] == pytest.approx(6.0)  # one path only
    assert solved.mistakes["local-only"][0] == pytest.approx(6 + 3)  # b and y, no upstream
    assert solved.mistakes["max-to-loser"][0] == pytest.approx(6.0)  # the path via a is cut


def test_a_max_gate_routes_nothing_to_its_loser() -> None:
    solved = _solve(1, "q = max(x, y); f = q * z", "y", x=4, y=-1, z=3)
    assert solved.answer[0] == 0.0  # such a variant is screened out as a question
    assert not FAMILY.acceptable({}, solved, 1)[0]


@pytest.mark.parametrize("level", [1, 2, 3])
def test_worked_solution_ends_at_the_answer_and_mistakes_are_diagnosed(level: int) -> None:
    for q in FAMILY.generate(level, range(60)):
        assert parse_number(q.solution[-1].result) == pytest.approx(q.answer.value, rel=1e-3)
        assert q.solution[0].title.startswith("Forward")
        assert grade(q, repr(q.answer.value)).correct
        for m in q.mistakes:
            verdict = grade(q, repr(m.value))
            assert not verdict.correct and verdict.mistake == m.mistake


@pytest.mark.parametrize("level", [1, 2, 3])
def test_no_max_gate_is_near_a_tie(level: int) -> None:
    for q in FAMILY.generate(level, range(100)):
        value = {n.id: n.value for n in q.diagram.nodes}
        for node in q.diagram.nodes:
            if node.op == "max":
                a, b = (value[e.source] for e in q.diagram.edges if e.target == node.id)
                assert abs(a - b) >= MAX_MARGIN[level]


def test_the_diagram_is_the_circuit_with_its_forward_values() -> None:
    q = FAMILY.question(1, 5)
    assert q.diagram.kind == "graph"
    values = {n.id: n.value for n in q.diagram.nodes}
    for step in q.solution:
        if step.title.startswith("Forward: "):
            assert values[step.title.removeprefix("Forward: ")] == pytest.approx(
                parse_number(step.result), rel=1e-3
            )
    assert all(n.grad is None for n in q.diagram.nodes)  # the answer is not drawn in advance


def test_graph_layout_places_nodes_by_depth_and_refuses_a_wrong_order() -> None:
    s = structure("a = x * y; b = max(a, z); f = b * x")
    diagram = graph_diagram(s.nodes, s.parents, s.ops, [1, 2, 3, 2, 3, 6], grads=[3, 1, 0, 1, 1, 1])
    assert {n.id: n.layer for n in diagram.nodes} == {
        "x": 0,
        "y": 0,
        "z": 0,
        "a": 1,
        "b": 2,
        "f": 3,
    }
    assert {n.id: n.op for n in diagram.nodes}["f"] == "×"
    assert len(diagram.edges) == 6
    with pytest.raises(ValueError, match="comes before its inputs"):
        layout(("a", "x", "y"), s.parents, s.ops)


def test_inputs_are_never_zero_and_have_at_most_one_decimal() -> None:
    rng = np.random.default_rng(3)
    for level in (1, 2, 3):
        values = np.array([draw_inputs(rng, level) for _ in range(200)])
        assert np.all(values != 0)
        assert np.allclose(values * 10, np.round(values * 10))
