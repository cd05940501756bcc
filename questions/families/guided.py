"""Family 15: guided backprop: fill in every node's gradient in reverse topological order."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families.base import Family, Params, Row, Solved, record
from questions.families.chain_rule import agreed, diagram, forward_steps, texts
from questions.families.chain_steps import backward_steps
from questions.families.circuits import (
    CIRCUITS,
    Pick,
    batch_extra,
    draw_inputs,
    picks,
    solve_batch,
    structure,
)
from questions.formatting import given
from questions.model import FamilyKey, GuidedStep, Kind, Question

MIN_GRADIENT = 0.01  # a gradient is exactly zero (a max gate's loser) or clearly not


class GuidedBackprop(
    Family, id="guided-backprop", topic="forward-backward", kind=Kind.GUIDED, stage=2
):
    """Guided backprop through a circuit

    Every node's gradient of a small circuit, entered in reverse topological order and graded
    step by step.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        template = int(rng.integers(0, len(CIRCUITS[level])))
        return {"pick": Pick(template), "inputs": draw_inputs(rng, level)}

    def solve(self, params: Params, level: int) -> Solved:
        batch = solve_batch(level, picks(params)[0], params["inputs"])
        # Every step is a gradient: all of them are checked against central differences.
        answer = np.abs(batch.grads).sum(axis=1)
        check = np.where(agreed(batch), np.abs(batch.oracle).sum(axis=1), np.inf)
        return Solved(
            answer=answer,
            check=check,
            extra=batch_extra(level, batch),
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        grads = solved.extra["grads"]
        clear = ((grads == 0) | (np.abs(grads) >= MIN_GRADIENT)).all(axis=1)
        return (solved.extra["ok"] > 0) & clear & (np.abs(grads).max(axis=1) < 1e3)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        s = structure(CIRCUITS[key.level][record(params, "pick", Pick).template])
        values = row.extra["values"].tolist()
        grads = row.extra["grads"].tolist()
        order = [s.nodes.index(name) for name in s.backward_order[1:]]  # the output's is 1
        statements = ", ".join(f"${st}$" for st in s.statements())
        inputs = ", ".join(f"${n} = {given(v)}$" for n, v in zip(s.inputs, values, strict=False))
        names = ", ".join(f"${s.nodes[k]}$" for k in order)
        prompt = (
            f"A circuit computes {statements}. With {inputs}, run the backward pass: starting "
            f"from $\\partial f / \\partial f = 1$, give $\\partial f / \\partial n$ for each node "
            f"n in reverse topological order: {names}."
        )
        shown = texts(s, row.extra)
        return self.make_question(
            key,
            Kind.GUIDED,
            prompt,
            hints=(
                "A node's gradient is the sum, over the gates it feeds, of that gate's "
                "gradient times the gate's local gradient.",
                "An add gate passes the gradient on unchanged, a multiply gate scales it by the "
                "other input, and a max gate sends it all to its larger input.",
            ),
            solution=tuple(forward_steps(s, shown) + backward_steps(s, row.extra, shown)),
            diagram=diagram(s, row.extra),
            guided=tuple(
                GuidedStep(s.nodes[k], f"$\\partial f / \\partial {s.nodes[k]}$", grads[k])
                for k in order
            ),
        )


FAMILIES = (GuidedBackprop(),)
