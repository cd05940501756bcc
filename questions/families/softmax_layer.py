"""Levels 2 and 3 of softmax with cross-entropy: the logits come from a layer.

The last layer computes each logit from two hidden outputs, net_k = w_{k,1} out_h1 +
w_{k,2} out_h2 + b_k. Level 2 asks a weight into one logit: a path through the layer,
(p_k - t_k) out_hi. Level 3 asks a hidden output, which feeds every logit: the sum over the
paths, sum_k (p_k - t_k) w_{k,i}, with a target spread over several classes. Solved in one
engine pass, checked by central differences on a plain-numpy loss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from engine import losses, ops, variable
from engine.gradcheck import central_difference
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.families.base import Params, Solved
from questions.families.figures import product_factor, sum_term
from questions.formatting import given_float as given
from questions.formatting import signed_float as signed
from questions.model import Step
from questions.numbers import format_number

CLASSES, INPUTS = 4, 2
SOFTMAX = r"$p_k = e^{net_k} / \sum_j e^{net_j}$"
CROSS_ENTROPY = r"$E = -\sum_k t_k \ln p_k$"
CANCEL = 0.1
"""A level-3 sum must keep a tenth of its largest path, so its shown terms still add up."""


@dataclass(frozen=True)
class Through:
    """What a layer variant asks: the weight w_{k,i} (level 2) or the hidden output i (3)."""

    weight: bool
    k: int  # the logit the weight feeds (level 2)
    i: int  # the hidden output: the weight's source, or the one asked


LOW = np.array([0.05] * INPUTS + [-1.5] * CLASSES * INPUTS + [-0.5] * CLASSES)
SPAN = np.array([0.95 - 0.05] * INPUTS + [3.0] * CLASSES * INPUTS + [1.0] * CLASSES)
"""h, w and b drawn as one row of uniforms: low + span * u is what rng.uniform(low, low + span)
computes, so the values are those of one uniform draw per quantity."""


@cache
def _through(weight: bool, k: int, i: int) -> Through:
    """A Through, made once for each of its few values."""
    return Through(weight, k, i)


def draw(rng: np.random.Generator, level: int, soft: Callable[[], np.ndarray]) -> dict:
    """Two hidden outputs, the layer's weights and biases, the target, the ask; `soft` draws
    a target spread over the classes (level 3)."""
    drawn = np.rint((LOW + SPAN * rng.random(len(LOW))) * 100.0) / 100.0  # np.round(..., 2)
    true = int(rng.integers(0, CLASSES))
    if level == 3:
        t = soft()
    else:
        t = np.zeros(CLASSES)
        t[true] = 1.0
    k = true if rng.random() < 0.5 else int(rng.integers(0, CLASSES))
    return {
        "h": drawn[:INPUTS],
        "w": drawn[INPUTS : INPUTS + CLASSES * INPUTS].reshape(CLASSES, INPUTS),
        "b": drawn[INPUTS + CLASSES * INPUTS :],
        "t": t,
        "asked": _through(level == 2, k, int(rng.integers(0, 2))),
    }


def _loss_numpy(w: np.ndarray, h: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """-sum t log softmax(W h + b), written with a log-sum-exp: the oracle's function."""
    z = np.einsum("nki,ni->nk", w, h) + b
    top = z.max(axis=1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(z - top).sum(axis=1))
    return log_norm * t.sum(axis=1) - (t * z).sum(axis=1)


def solve(params: Params) -> Solved:
    """Every variant in one engine pass: the asked weight's or hidden output's gradient."""
    asked: list[Through] = params["asked"].tolist()
    weight = np.array([a.weight for a in asked])
    k, i = np.array([a.k for a in asked]), np.array([a.i for a in asked])
    w0, h0, b0, t = params["w"], params["h"], params["b"], params["t"]
    w, h = variable(w0), variable(h0)
    net = ops.add(ops.matvec(w, h), b0)
    loss = losses.softmax_ce(net, t)
    loss.backward()
    rows = np.arange(len(t))
    answer = np.where(weight, w.gradient[rows, k, i], h.gradient[rows, i])

    def asked_loss(value: np.ndarray) -> np.ndarray:
        """The loss with the asked weight or hidden output set to value, per variant."""
        w1, h1 = w0.copy(), h0.copy()
        w1[rows[weight], k[weight], i[weight]] = value[weight]
        h1[rows[~weight], i[~weight]] = value[~weight]
        return _loss_numpy(w1, h1, b0, t)

    check = central_difference(asked_loss, np.where(weight, w0[rows, k, i], h0[rows, i]))
    p = ops.softmax(net.value).value
    g = p - t  # dE/dnet_k at every logit
    paths = g * w0[rows, :, i]  # each logit's share of dE/d out_hi
    nan = np.full(len(t), np.nan)
    own, other = h0[rows, i], h0[rows, 1 - i]
    largest = t.argmax(axis=1)
    mistakes = {
        "p-not-p-minus-y": np.where(
            weight,
            np.where(t[rows, k] == 0, nan, p[rows, k] * own),
            (p * w0[rows, :, i]).sum(axis=1),
        ),
        "error-sign": -answer,
        "wrong-input": np.where(weight, g[rows, k] * other, nan),
        "no-fanout-sum": np.where(weight, nan, paths[rows, largest]),
        "forward-not-gradient": loss.value,
    }
    extra = {"net": net.value, "p": p, "g": g, "paths": paths, "loss_value": loss.value}
    return Solved(answer=answer, check=check, mistakes=mistakes, extra=extra)


def acceptable(params: Params, solved: Solved) -> np.ndarray:
    """Readable magnitudes, no class left with almost no probability, no cancelling sum."""
    magnitude, paths = np.abs(solved.answer), np.abs(solved.extra["paths"])
    weight = np.array([a.weight for a in params["asked"].tolist()])
    return (
        (magnitude > 0.01)
        & (magnitude < 10)
        & (solved.extra["p"].min(axis=1) > 0.005)
        & (weight | (magnitude > CANCEL * paths.max(axis=1)))
    )


def words(
    asked: Through, params: Mapping[str, np.ndarray], extra: Mapping[str, np.ndarray], answer: float
) -> tuple[str, tuple[Step, ...], tuple[str, ...]]:
    """One variant's prompt, worked steps and hints (the drawn numbers' text is cached)."""
    h, b, t = params["h"].tolist(), params["b"].tolist(), params["t"].tolist()
    w: list[list[float]] = params["w"].tolist()
    k, i = asked.k, asked.i
    hidden = f"$out_{{h1}} = {given(h[0])}$, $out_{{h2}} = {given(h[1])}$"
    weights = ", ".join(
        [
            f"{name}{given(value)}$"
            for name, value in zip(WEIGHT_NAMES, params["w"].ravel().tolist(), strict=True)
        ]
    )
    biases = ", ".join([f"$b_{c + 1} = {given(v)}$" for c, v in enumerate(b)])
    vector = "(" + ", ".join([given(v) for v in t]) + ")"
    target = (
        f"the one-hot target $t = {vector}$ (the true class is {t.index(max(t)) + 1})"
        if max(t) == 1.0
        else f"the target distribution $t = {vector}$"
    )
    question = (
        f"$\\partial E / \\partial w_{{{k + 1},{i + 1}}}$"
        if asked.weight
        else f"$\\partial E / \\partial out_{{h{i + 1}}}$"
    )
    prompt = (
        f"A classifier's last layer has {CLASSES} units. It takes two hidden outputs, {hidden}, "
        f"and computes the logits $net_k = w_{{k,1}} out_{{h1}} + w_{{k,2}} out_{{h2}} + b_k$ "
        f"with $w_{{k,i}}$ the weight from hidden unit $i$ to unit $k$: {weights}; {biases}. "
        f"Softmax turns the logits into probabilities, {SOFTMAX}, and the loss is the "
        f"cross-entropy {CROSS_ENTROPY} (natural logarithm) with {target}. What is {question}?"
    )
    p, g = extra["p"].tolist(), extra["g"].tolist()
    shown_net = [format_number(v, 4) for v in extra["net"].tolist()]
    shown_p = [format_number(v, 4) for v in p]
    h1, h2 = given(h[0]), given(h[1])
    logits = "; ".join(
        [
            f"net_{c + 1} = {signed(wc[0])} × {h1} + {signed(wc[1])} × {h2} + {signed(bc)}"
            for c, (wc, bc) in enumerate(zip(w, b, strict=True))
        ]
    )
    steps = [
        Step(
            "Logits of the last layer",
            r"$net_k = w_{k,1} out_{h1} + w_{k,2} out_{h2} + b_k$",
            logits,
            "net = (" + ", ".join(shown_net) + ")",
            "forward",
        ),
        Step(
            "Softmax probabilities",
            SOFTMAX,
            "(" + ", ".join([f"e^{_inside(v)}" for v in shown_net]) + ") / sum",
            "p = (" + ", ".join(shown_p) + ")",
            "prob",
        ),
    ]
    for c in range(CLASSES) if not asked.weight else (k,):
        title, formula, step_id = LOGIT_STEP[c]
        if t[c] == 0:  # p - 0 is p: the term and the result are p as shown
            step = Step(title, formula, f"{shown_p[c]} - 0", shown_p[c], step_id)
        else:  # p - t may cancel: p gets the figures the difference needs
            working = f"{sum_term(p[c], g[c])} - {given(t[c])}"
            step = Step(title, formula, working, format_number(g[c], 4), step_id)
        steps.append(step)
    if asked.weight:
        steps.append(
            Step(
                f"Gradient of w{k + 1},{i + 1}",
                f"$\\partial E / \\partial w_{{{k + 1},{i + 1}}} = "
                f"\\partial E / \\partial net_{k + 1} \\cdot out_{{h{i + 1}}}$",
                f"{_inside(format_number(g[k], 4))} × {given(h[i])}",
                format_number(answer, 4),
                f"grad:w{k + 1}{i + 1}",
            )
        )
        hints = (
            "Turn the logits into probabilities first.",
            f"The weight enters the loss only through net{k + 1}: chain its gradient with "
            f"what the weight multiplies.",
        )
    else:
        terms = " + ".join(
            [f"{product_factor(g[c], w[c][i], answer)} × {signed(w[c][i])}" for c in range(CLASSES)]
        )
        steps.append(
            Step(
                f"Sum over the paths to h{i + 1}",
                f"$\\partial E / \\partial out_{{h{i + 1}}} = "
                f"\\sum_k \\partial E / \\partial net_k \\cdot w_{{k,{i + 1}}}$",
                terms,
                format_number(answer, 4),
                f"fanout:h{i + 1}",
            )
        )
        hints = (
            "Turn the logits into probabilities first.",
            f"h{i + 1} feeds every logit: add up what comes back along each of them.",
        )
    return prompt, tuple(steps), hints


WEIGHT_NAMES = tuple(f"$w_{{{c + 1},{j + 1}}} = " for c in range(CLASSES) for j in range(INPUTS))
"""How the prompt names each weight, row by row."""
LOGIT_STEP = tuple(
    (
        f"Gradient at the logit net{c + 1}",
        f"$\\partial E / \\partial net_{c + 1} = p_{c + 1} - t_{c + 1}$",
        f"logit-grad:{c + 1}",
    )
    for c in range(CLASSES)
)
"""Each logit's gradient step: its title, formula and id, the same in every variant."""


def _inside(text: str) -> str:
    """A shown value after an operator or as an exponent: a negative one in parentheses."""
    return f"({text})" if text.startswith("-") else text


@cache
def _layer() -> tuple[tuple[DiagramNode, ...], tuple[DiagramEdge, ...]]:
    """The logits, softmax and the loss with their edges: the same in every variant."""
    nodes = [DiagramNode(f"z{c + 1}", f"net{c + 1}", 1) for c in range(CLASSES)]
    nodes += [
        DiagramNode("softmax", "softmax", 2, op="softmax"),
        DiagramNode("L", "E", 3, op="cross-entropy"),
    ]
    edges = [DiagramEdge(f"z{c + 1}", "softmax") for c in range(CLASSES)]
    edges.append(DiagramEdge("softmax", "L"))
    return tuple(nodes), tuple(edges)


@lru_cache(4096)
def _hidden_node(j: int, value: float) -> DiagramNode:
    """Hidden output j with its value (drawn to two decimals, never zero: one node each)."""
    return DiagramNode(f"h{j + 1}", f"h{j + 1}", 0, value)


@lru_cache(8192)
def _weight_edge(c: int, j: int, value: float) -> DiagramEdge:
    """The edge from hidden output j to logit c with its weight (drawn to two decimals)."""
    return DiagramEdge(f"h{j + 1}", f"z{c + 1}", f"w{c + 1},{j + 1} = {given(value)}")


def diagram(h: np.ndarray, w: np.ndarray) -> Diagram:
    """The hidden outputs into the logits (weights on the edges), softmax, the loss; values
    the learner computes are left off."""
    layer_nodes, layer_edges = _layer()
    nodes = [_hidden_node(j, v) for j, v in enumerate(h.tolist())]
    edges = [
        _weight_edge(c, j, value) for c, row in enumerate(w.tolist()) for j, value in enumerate(row)
    ]
    return Diagram("graph", (*nodes, *layer_nodes), (*edges, *layer_edges))
