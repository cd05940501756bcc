"""Guided backprop: every node's gradient, in reverse topological order, graded step by step."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.circuits import CIRCUITS, Pick
from questions.families.guided import GuidedBackprop
from questions.grading import grade, grade_step
from questions.model import Kind

FAMILY = GuidedBackprop()


def test_the_textbook_circuit_asks_q_then_the_inputs() -> None:
    # f = (x + y) z at x = -2, y = 5, z = -4, one variant
    params = stack([{"pick": Pick(0), "inputs": np.array([-2.0, 5.0, -4.0, 1.0])}])
    solved = FAMILY.solve(params, 1)
    assert solved.answer[0] == pytest.approx(solved.check[0])
    q = FAMILY.build(FAMILY.question(1, 0).key, {k: v[0] for k, v in params.items()}, solved.row(0))
    assert [(s.node, s.value) for s in q.guided] == [
        ("z", 3.0),
        ("q", -4.0),
        ("y", -4.0),
        ("x", -4.0),
    ]


@pytest.mark.parametrize("level", [1, 2, 3])
def test_each_node_comes_after_every_node_it_feeds(level: int) -> None:
    for q in FAMILY.generate(level, range(50)):
        assert q.kind is Kind.GUIDED
        order = [s.node for s in q.guided]
        nodes = {n.id for n in q.diagram.nodes}
        assert set(order) == nodes - {"f"}
        position = {name: k for k, name in enumerate(["f", *order])}
        for edge in q.diagram.edges:
            assert position[edge.target] < position[edge.source]


@pytest.mark.parametrize("level", [1, 2, 3])
def test_a_step_is_graded_as_it_is_entered_and_the_whole_by_its_share(level: int) -> None:
    for q in FAMILY.generate(level, range(30)):
        right = [repr(s.value) for s in q.guided]
        assert grade(q, right).correct
        assert all(grade_step(s, r).correct for s, r in zip(q.guided, right, strict=True))
        wrong = [right[0], repr(q.guided[1].value + 1.0), *right[2:]]
        verdict = grade(q, wrong)
        assert not verdict.correct
        assert verdict.score == pytest.approx((len(right) - 1) / len(right))
        assert not grade_step(q.guided[1], wrong[1]).correct


def test_the_solution_covers_every_edge_and_each_step_is_a_gradient_it_shows() -> None:
    for q in FAMILY.generate(3, range(30)):
        shown = {
            s.title.split(" into ")[1].split(" ")[0]: s.result
            for s in q.solution
            if s.title.startswith("Back") and "path" not in s.title
        }
        shown.update(
            {
                s.title.split(" ")[0]: s.result
                for s in q.solution
                if s.title.endswith("add the paths")
            }
        )
        for step in q.guided:
            assert float(shown[step.node]) == pytest.approx(step.value, rel=1e-3, abs=1e-12)


def test_a_max_gates_loser_gets_exactly_zero() -> None:
    losers = 0
    for level in (1, 2, 3):
        for q in FAMILY.generate(level, range(60)):
            for s in q.solution:
                if "smaller input" in s.title:
                    losers += 1
                    assert s.result == "0"
    assert losers > 0


def test_every_level_uses_every_circuit() -> None:
    for level, scripts in CIRCUITS.items():
        prompts = [q.prompt for q in FAMILY.generate(level, range(40))]
        assert len({p.split(". With")[0] for p in prompts}) == len(scripts)
