"""Family 8: one SGD step on a weight of a small MLP: the new weight, or the change in it."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families.base import FamilyInfo, Params, Row, Solved, tolerance_array
from questions.families.mlp_common import Pass, oracle_weight_gradient
from questions.families.mlp_family import Answer, NetworkFamily, asked_ints, index
from questions.families.mlp_formulas import m
from questions.families.mlp_mistakes import update_mistakes
from questions.families.mlp_steps import describe, figure, gradient_steps, num, signed, view
from questions.model import FamilyKey, Kind, Question, Step

NEW, CHANGE = 0, 1


def _weight(params: Params, layer: np.ndarray, j: np.ndarray, i: np.ndarray) -> np.ndarray:
    """The asked weight's value before the step, per variant."""
    rows = np.arange(len(layer))
    return np.where(layer == 0, params["w1"][rows, j, i], params["w2"][rows, np.minimum(j, 1), i])


def _gradient(run: Pass, layer: np.ndarray, j: np.ndarray, i: np.ndarray) -> np.ndarray:
    """The engine's dE/dw for the asked weight, per variant."""
    rows = np.arange(len(layer))
    return np.where(layer == 0, run.grad_w1[rows, j, i], run.grad_w2[rows, np.minimum(j, 1), i])


class SgdUpdate(NetworkFamily):
    """w <- w - eta dE/dw for an output weight (level 1) or any weight (levels 2, 3)."""

    info = FamilyInfo(
        number=8,
        id="sgd-update",
        title="One gradient-descent step on a weight",
        topic="gradient-descent",
        kind=Kind.NUMERIC,
        description="The new value of a weight after one SGD step, or the change in it.",
    )
    mistake_ids = (
        "update-sign",
        "no-learning-rate",
        "change-not-weight",
        "weight-not-change",
        "updated-weight-upstream",
    )  # the gradient's own mistakes are families 4 and 5's subject

    def ask(self, u: np.ndarray, level: int, n: Mapping) -> dict[str, float]:
        layer = 1 if level == 1 else int(u[0] < 0.5)
        return {
            "layer": float(layer),
            "j": index(u[1], n["n_out"] if layer else n["n_hid"]),
            "i": index(u[2], n["n_hid"] if layer else n["n_in"]),
            "form": float(u[3] < 0.5),
        }

    def answer(self, params: Params, run: Pass, level: int) -> Answer:
        layer, j, i, form = asked_ints(params, "layer", "j", "i", "form")
        rows, lr = np.arange(len(layer)), params["lr"]
        w = _weight(params, layer, j, i)
        new = np.where(layer == 0, run.new_w1[rows, j, i], run.new_w2[rows, np.minimum(j, 1), i])
        answer = np.where(form == NEW, new, new - w)
        step = -lr * oracle_weight_gradient(params, layer, j, i)  # numpy, no engine
        check = np.where(form == NEW, w + step, step)
        mistakes = update_mistakes(params, run, layer, j, i, form, self.mistake_ids)
        return answer, check, mistakes

    def more(self, params: Params, run: Pass) -> dict[str, np.ndarray]:
        layer, j, i = asked_ints(params, "layer", "j", "i")
        return {"grad": _gradient(run, layer, j, i)}

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        # The step must show at the answer's significant figures, or "no step" would pass.
        step = np.abs(params["lr"] * solved.extra["grad"])
        visible = step >= 2 * tolerance_array(solved.answer, self.sigfigs)
        return super().acceptable(params, solved, level) & visible

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net = view(params, row.extra)
        layer, j, i, form = (int(params[k]) for k in ("layer", "j", "i", "form"))
        w, lr, grad = net.weight(layer, j, i), float(params["lr"]), float(row.extra["grad"])
        old = float((params["w2"] if layer else params["w1"])[j, i])
        d = f"\\partial E / \\partial {m(w)}"
        steps = gradient_steps(net, layer, j, i, grad)
        if form == NEW:
            asked = f"the new value of ${m(w)}$"
            formula, sub = (
                f"${m(w)} \\leftarrow {m(w)} - \\eta\\, {d}$",
                f"{signed(old)} - {lr:g} × {signed(grad)}",
            )
        else:
            asked = f"the change $\\Delta {m(w)}$ (new value minus old)"
            formula, sub = f"$\\Delta {m(w)} = -\\eta\\, {d}$", f"-{lr:g} × {signed(grad)}"
        steps.append(Step(f"Gradient-descent step on {w}", formula, sub, num(row.answer)))
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
            key, row, prompt, hints, tuple(steps), figure(net, show_values=True)
        )


FAMILIES = (SgdUpdate(),)
