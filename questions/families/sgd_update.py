"""One SGD step on a weight of a small MLP: the new weight, or the change in it."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families.bands import tolerance_array
from questions.families.base import Params, Row, Solved
from questions.families.kit.formulas import m
from questions.families.kit.small import (
    SmallNetworkFamily,
    ask_of,
    index,
    network_of,
    view_of,
)
from questions.families.kit.small_steps import gradient_steps
from questions.families.kit.small_text import describe, feedback_tags, figure, num
from questions.formatting import signed_float as signed
from questions.model import FamilyKey, Question, Step
from questions.network import slips
from questions.network.ask import Ask
from questions.network.mistakes import UpdatedUpstream


class SgdUpdate(SmallNetworkFamily, id="sgd-update", topic="gradient-descent"):
    """One gradient-descent step on a weight

    The new value of a weight after one SGD step, or the change in it.
    """

    mistakes = (
        slips.UpdateSign(),
        slips.NoRate(),
        slips.ChangeNotWeight(),
        slips.WeightNotChange(),
        UpdatedUpstream(),
    )  # the gradient's own mistakes are the gradient families' subject

    def ask(self, u: np.ndarray, level: int, sizes: tuple[int, ...]) -> Ask:
        layer = 1 if level == 1 else int(u[0] < 0.5)
        unit, source = index(u[1], sizes[layer + 1]), index(u[2], sizes[layer])
        return Ask("new_weights", layer, unit, source, change=bool(u[3] < 0.5))

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        # The step must show at the answer's significant figures, or "no step" would pass.
        rate = np.array([network.rate for network in params["network"].tolist()])
        step = np.abs(rate * solved.extra["gradient"])
        visible = step >= 2 * tolerance_array(solved.answer, self.sigfigs)
        return super().acceptable(params, solved, level) & visible

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net, ask = view_of(row), ask_of(params)
        layer, j, i = (q := ask.as_quantity()).layer, q.unit, q.source
        w, grad = net.weight(layer, j, i), float(row.extra["gradient"])
        lr, old = network_of(params).rate, (net.w2 if layer else net.w1)[j][i]
        d = f"\\partial E / \\partial {m(w)}"
        steps = gradient_steps(net, layer, j, i, grad)
        if ask.change:
            asked = f"the change $\\Delta {m(w)}$ (new value minus old)"
            formula, sub = f"$\\Delta {m(w)} = -\\eta\\, {d}$", f"-{lr:g} × {signed(grad)}"
        else:
            asked = f"the new value of ${m(w)}$"
            formula, sub = (
                f"${m(w)} \\leftarrow {m(w)} - \\eta\\, {d}$",
                f"{signed(old)} - {lr:g} × {signed(grad)}",
            )
        steps.append(
            Step(f"Gradient-descent step on {w}", formula, sub, num(row.answer), id="update")
        )
        prompt = (
            f"{describe(net)} Backpropagation computes the gradient of E with respect to every "
            f"weight, at the current weights; then one step of gradient descent with learning "
            f"rate $\\eta = {lr:g}$ updates all the weights at once. What is {asked}?"
        )
        hints = (
            f"First find ${d}$ by backpropagation, using the weights from before the step.",
            "Gradient descent moves a weight against its gradient: "
            "$w \\leftarrow w - \\eta\\, \\partial E / \\partial w$.",
        )
        return self.numeric_question(
            key, row, prompt, hints, tuple(steps), figure(net, True), feedback_tags(net, layer)
        )


FAMILIES = (SgdUpdate(),)
