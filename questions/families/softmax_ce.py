"""Family 9: softmax with cross-entropy; the loss, or the gradient p_k - t_k at one logit (level 1);
then through the last layer (levels 2 and 3, questions.families.softmax_layer)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from engine import losses, ops, variable
from engine.gradcheck import central_difference
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.families import softmax_layer as layer
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.figures import sum_term
from questions.formatting import given_float as given
from questions.formatting import signed_float as signed
from questions.model import FamilyKey, Question, Step
from questions.numbers import format_number

CLASSES = {1: 3}  # the logits given (level 1); levels 2 and 3 draw a layer
LOSS, GRADIENT = "loss", "gradient"


@dataclass(frozen=True)
class Asked:
    """What a variant asks: the loss, or the gradient at one logit."""

    what: str  # LOSS or GRADIENT
    at: int = 0  # the logit's index, for the gradient


def _columns(params: Params) -> tuple[np.ndarray, np.ndarray]:
    """(asks the loss, the logit's index) of every variant, as arrays."""
    asked: list[Asked] = params["asked"].tolist()
    return np.array([a.what == LOSS for a in asked]), np.array([a.at for a in asked])


LOG_BASE = "log-base"
LOSS_SIGN = "loss-sign"
"""Loss-value mistakes (log base 10 for ln; the minus sign dropped): always screened, and
offered to learners once the mistake catalogue defines them (no existing mistake fits)."""

SOFTMAX = r"$p_k = e^{net_k} / \sum_j e^{net_j}$"
CROSS_ENTROPY = r"$E = -\sum_k t_k \ln p_k$"


def _loss_numpy(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """-sum y log softmax(z) written directly with a log-sum-exp: the oracle's function."""
    top = z.max(axis=1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(z - top).sum(axis=1))
    return log_norm * y.sum(axis=1) - (y * z).sum(axis=1)


def flat_dirichlet(rng: np.random.Generator, classes: int) -> np.ndarray:
    """rng.dirichlet(np.ones(classes)), the same numbers from the same draws at a fifth of the
    cost: numpy makes each component a standard gamma of shape 1 (an exponential) and
    multiplies it by one over their running sum (tests compare the two)."""
    gammas = rng.standard_exponential(classes)
    total = 0.0
    for value in gammas.tolist():
        total += value
    return gammas * (1.0 / total)


def _soft_target(rng: np.random.Generator, classes: int) -> np.ndarray:
    """A target distribution in tenths over two or more classes (never one-hot)."""
    while True:
        tenths = rng.multinomial(10, flat_dirichlet(rng, classes))
        if max(tenths.tolist()) < 10:
            return tenths / 10


def _vector(values: list[float]) -> str:
    """(a, b, c) for a prompt."""
    return "(" + ", ".join([given(v) for v in values]) + ")"


class SoftmaxCrossEntropy(Family, id="softmax-cross-entropy", topic="losses", stage=2):
    """Softmax with cross-entropy

    The loss or the gradient p_k - t_k at a logit; then a weight into a logit, and a hidden
    output feeding every logit.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        if level > 1:  # the logits come from a layer: a path through it, or every path
            return layer.draw(rng, level, lambda: _soft_target(rng, layer.CLASSES))
        classes = CLASSES[level]
        decimals = 1 if level == 1 else 2
        z = np.round(rng.uniform(-2.0, 2.5, classes), decimals)
        true = int(rng.integers(0, classes))
        if level == 3:
            y = _soft_target(rng, classes)
        else:
            y = np.zeros(classes)
            y[true] = 1.0
        ask = LOSS if rng.random() < 0.35 else GRADIENT
        # the gradient at the true class half the time, elsewhere otherwise
        at = true if rng.random() < 0.5 else int(rng.integers(0, classes))
        return {"z": z, "y": y, "asked": Asked(ask, at)}

    def solve(self, params: Params, level: int) -> Solved:
        if "h" in params:
            return layer.solve(params)
        z, y = variable(params["z"]), params["y"]
        loss = losses.softmax_ce(z, y)
        loss.backward()
        asks_loss, at = _columns(params)
        rows = np.arange(len(y))
        gradient = z.gradient[rows, at]
        answer = np.where(asks_loss, loss.value, gradient)

        direct = _loss_numpy(params["z"], y)
        slopes = central_difference(lambda logits: _loss_numpy(logits, y), params["z"])
        check = np.where(asks_loss, direct, slopes[rows, at])

        p = ops.softmax(params["z"]).value
        p_at, y_at = p[rows, at], y[rows, at]
        nan = np.full_like(p_at, np.nan)
        mistakes = {
            "p-not-p-minus-y": np.where(asks_loss | (y_at == 0), nan, p_at),
            "error-sign": np.where(asks_loss, nan, y_at - p_at),
            "forward-not-gradient": np.where(asks_loss, nan, loss.value),
        }
        mistakes[LOG_BASE] = np.where(asks_loss, loss.value / np.log(10.0), nan)
        mistakes[LOSS_SIGN] = np.where(asks_loss, -loss.value, nan)
        return Solved(
            answer=answer,
            check=check,
            mistakes=mistakes,
            extra={"p": p, "loss_value": loss.value, "min_p": p.min(axis=1)},
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        if "h" in params:
            return layer.acceptable(params, solved)
        magnitude = np.abs(solved.answer)
        loss = solved.extra["loss_value"]
        return (
            (magnitude > 0.01) & (magnitude < 10) & (loss > 0.05) & (solved.extra["min_p"] > 0.005)
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        if "h" in params:
            through = record(params, "asked", layer.Through)
            text, written, hints = layer.words(through, params, row.extra, row.answer)
            diagram = layer.diagram(params["h"], params["w"])
            return self.numeric_question(
                key, row, text, hints, written, diagram, ("loss:softmax_ce",)
            )
        z, y = params["z"].tolist(), params["y"].tolist()
        question = record(params, "asked", Asked)
        classes, at, asks_loss = len(z), question.at, question.what == LOSS
        p, loss_value = row.extra["p"], float(row.extra["loss_value"])
        shown_p = [format_number(v, 4) for v in p.tolist()]
        names = ", ".join([f"net_{k + 1}" for k in range(classes)])
        one_hot = max(y) == 1.0
        target = (
            f"the one-hot target $t = {_vector(y)}$ (the true class is {y.index(max(y)) + 1})"
            if one_hot
            else f"the target distribution $t = {_vector(y)}$"
        )
        asked = "the loss $E$" if asks_loss else f"$\\partial E / \\partial net_{at + 1}$"
        prompt = (
            f"A classifier's last layer gives the logits (its units' nets) "
            f"$({names}) = {_vector(z)}$. "
            f"Softmax turns them into probabilities, {SOFTMAX}, and the loss is the "
            f"cross-entropy {CROSS_ENTROPY} (natural logarithm) with {target}. What is {asked}?"
        )
        exps = ", ".join([f"e^{signed(v)}" for v in z])
        # p with the figures ln p needs: ln p near 0 (p near 1) magnifies p's last digit
        terms = [(yk, sum_term(float(p[k]), float(np.log(p[k])))) for k, yk in enumerate(y) if yk]
        steps = [
            Step(
                "Softmax probabilities",
                SOFTMAX,
                f"({exps}) / sum",
                "p = (" + ", ".join(shown_p) + ")",
                "prob",
            ),
            Step(
                "Cross-entropy loss",
                CROSS_ENTROPY,
                "-(" + " + ".join(f"{given(yk)} × ln {pk}" for yk, pk in terms) + ")",
                format_number(loss_value, 4),
                "loss",
            ),
        ]
        if not asks_loss:
            steps.append(
                Step(
                    f"Gradient at the logit net{at + 1}",
                    f"$\\partial E / \\partial net_{at + 1} = p_{at + 1} - t_{at + 1}$",
                    f"{sum_term(float(p[at]), row.answer)} - {given(y[at])}",
                    format_number(row.answer, 4),
                    f"logit-grad:{at + 1}",
                )
            )
        hints = (
            ("Turn the logits into probabilities first; only classes with $t_k > 0$ add to E.",)
            if asks_loss
            else (
                "Turn the logits into probabilities first.",
                "Softmax followed by cross-entropy has a short gradient at each logit: "
                "work out the chain rule once, or recall it.",
            )
        )
        # screened always, so a key's variant stays the same once the catalogue defines it
        return self.numeric_question(
            key, row, prompt, hints, tuple(steps), _diagram(z), ("loss:softmax_ce",)
        )


def _diagram(z: list[float]) -> Diagram:
    """Logits into softmax into the probabilities into the loss (values the learner computes
    are left off)."""
    logits = [DiagramNode(f"z{i + 1}", f"net{i + 1}", 0, v) for i, v in enumerate(z)]
    nodes, edges = _fixed(len(z))
    return Diagram("graph", (*logits, *nodes), edges)


@cache
def _fixed(k: int) -> tuple[tuple[DiagramNode, ...], tuple[DiagramEdge, ...]]:
    """Everything of the diagram but the logits' values: the same for every k-class variant."""
    nodes = [DiagramNode("softmax", "softmax", 1, op="softmax")]
    nodes += [DiagramNode(f"p{i + 1}", f"p{i + 1}", 2) for i in range(k)]
    nodes.append(DiagramNode("L", "E", 3, op="cross-entropy"))
    edges = [DiagramEdge(f"z{i + 1}", "softmax") for i in range(k)]
    edges += [DiagramEdge("softmax", f"p{i + 1}") for i in range(k)]
    edges += [DiagramEdge(f"p{i + 1}", "L") for i in range(k)]
    return tuple(nodes), tuple(edges)


FAMILIES = (SoftmaxCrossEntropy(),)
