"""Vanishing gradients, the product of derivatives through a chain of k units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine import Tensor, ops, variable
from engine.gradcheck import central_difference
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.families.base import Family, Params, Row, Solved, record
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step
from questions.numbers import format_number

DEPTHS = {1: (2, 2), 2: (3, 4), 3: (5, 6)}  # level -> (fewest, most) units in the chain
BOUND_SHARE = 0.3  # share of sigmoid variants that ask for the bound instead of the product
SYMBOL = {"sigmoid": r"\sigma", "tanh": r"\tanh"}  # names in engine.activations.ACTIVATIONS


@dataclass(frozen=True)
class Chain:
    """A variant's chain: its units' activation, how many units, and whether the bound is asked."""

    activation: str  # "sigmoid" or "tanh"
    k: int
    bound: bool


def _columns(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(activation, k, bound) of every variant, as arrays."""
    chains: list[Chain] = params["chain"].tolist()
    return (
        np.array([c.activation for c in chains]),
        np.array([c.k for c in chains]),
        np.array([c.bound for c in chains]),
    )


def _f(kind: np.ndarray, net: np.ndarray) -> np.ndarray:
    """Each variant's activation (by name, sigmoid or tanh), plain numpy."""
    return np.where(kind == "sigmoid", 1.0 / (1.0 + np.exp(-net)), np.tanh(net))


def _biases(kind: np.ndarray, nets: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The biases that make the chain's nets come out as given: b_l = net_l - w_l out_(l-1)."""
    b = np.zeros_like(nets)
    b[:, 1:] = nets[:, 1:] - w[:, 1:] * _f(kind[:, None], nets[:, :-1])
    return b


def _chain(
    kind: np.ndarray, mask: np.ndarray, w: np.ndarray, b: np.ndarray, net1: np.ndarray
) -> np.ndarray:
    """out_k as a plain-numpy function of net_1: the oracle's function."""
    out = _f(kind, net1)
    for layer in range(1, w.shape[1]):
        nxt = _f(kind, w[:, layer] * out + b[:, layer])
        out = np.where(mask[:, layer] > 0, nxt, out)
    return out


def _engine_gradient(
    kind: np.ndarray, mask: np.ndarray, w: np.ndarray, b: np.ndarray, net1: np.ndarray
) -> np.ndarray:
    """d out_k / d net_1 from one batched engine pass (padded units pass values through)."""
    is_sigmoid, is_tanh = kind == "sigmoid", kind == "tanh"
    first = variable(net1)

    def act(net: Tensor) -> Tensor:
        return ops.add(ops.mul(is_sigmoid, ops.sigmoid(net)), ops.mul(is_tanh, ops.tanh(net)))

    out = act(first)
    for layer in range(1, w.shape[1]):
        net = ops.add(ops.mul(w[:, layer], out), b[:, layer])
        keep = mask[:, layer]
        out = ops.add(ops.mul(keep, act(net)), ops.mul(1.0 - keep, out))
    out.backward()
    return first.gradient


def _nonzero(values: np.ndarray) -> np.ndarray:
    """A mistake's values, NaN where the mistake gives exactly zero (not a usable diagnosis)."""
    return np.where(np.abs(values) > 1e-12, values, np.nan)


class VanishingGradient(Family, id="vanishing-gradient", topic="vanishing-exploding"):
    """Gradients through a deep chain

    The product of derivatives through k sigmoid or tanh units, and its bound.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        low, high = DEPTHS[level]
        k = int(rng.integers(low, high + 1))
        kind = 0 if level == 1 else int(rng.integers(0, 2))
        bound = kind == 0 and rng.random() < BOUND_SHARE
        mask = (np.arange(high) < k).astype(float)
        nets = np.round(rng.uniform(-2.0, 2.0, high), 2) * mask
        magnitude = np.round(rng.uniform(0.5, 2.5, high), 2)
        w = magnitude * rng.choice([-1.0, 1.0], high) * mask
        w[0] = 0.0  # net_1 is where the gradient is taken: no weight enters before it
        chain = Chain(("sigmoid", "tanh")[kind], k, bool(bound))
        return {"chain": chain, "mask": mask, "nets": nets, "w": w}

    def solve(self, params: Params, level: int) -> Solved:
        kind, k, bound = _columns(params)
        mask, w, nets = params["mask"], params["w"], params["nets"]
        n = len(kind)
        zero = np.zeros_like(nets)
        # One pass: the given nets, then (for the bound) every net at 0 where sigma' peaks.
        grad = _engine_gradient(
            np.concatenate([kind, kind]),
            np.concatenate([mask, mask]),
            np.concatenate([w, w]),
            np.concatenate([_biases(kind, nets, w), _biases(kind, zero, w)]),
            np.concatenate([nets[:, 0], zero[:, 0]]),
        )
        product, peak = grad[:n], np.abs(grad[n:])
        answer = np.where(bound, peak, product)
        b = _biases(kind, nets, w)
        oracle = central_difference(lambda x: _chain(kind, mask, w, b, x), nets[:, 0])
        weights = np.where(mask[:, 1:] > 0, w[:, 1:], 1.0).prod(axis=1)
        check = np.where(bound, 0.25**k * np.abs(weights), oracle)
        out = _f(kind[:, None], nets)
        slope = np.where(kind[:, None] == "sigmoid", out * (1 - out), 1 - out * out)
        at_net = np.where(kind[:, None] == "sigmoid", nets * (1 - nets), 1 - nets * nets)
        at_net = np.where(mask > 0, at_net, 1.0).prod(axis=1) * weights
        last = out[np.arange(n), k - 1]
        slopes = np.where(mask > 0, slope, 1.0).prod(axis=1)
        return Solved(
            answer=answer,
            check=check,
            mistakes={
                "no-activation-derivative": np.where(bound, np.nan, _nonzero(weights)),
                "chain-no-weights": _nonzero(np.where(bound, 0.25**k, slopes)),
                "chain-first-slope-missing": _nonzero(
                    np.where(bound, answer / 0.25, product / slope[:, 0])
                ),
                "derivative-at-net": np.where(bound, np.nan, _nonzero(at_net)),
                "forward-not-gradient": np.where(bound, np.nan, last),
                "sigmoid-bound": np.where(bound, np.abs(weights), np.nan),
            },
            extra={"out": out, "slope": slope},
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        magnitude = np.abs(solved.answer)
        return (magnitude > 1e-6) & (magnitude < 1e2)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        chain_of = record(params, "chain", Chain)
        k, kind = chain_of.k, chain_of.activation
        w = params["w"][:k]
        f, name = SYMBOL[kind], kind
        d = r"\partial"
        asked = f"{d} out_{k} / {d} net_1"
        setup = (
            f"A chain of {k} {name} units: $out_1 = {f}(net_1)$ and, for each later unit, "
            f"$net_l = w_l\\,out_{{l-1}} + b_l$ and $out_l = {f}(net_l)$. "
            + ("The weight is " if k == 2 else "The weights are ")
            + ", ".join(f"$w_{i + 1} = {given(v)}$" for i, v in enumerate(w) if i > 0)
            + ". "
        )
        text = _bound_text if chain_of.bound else _chain_text
        prompt, steps, last, hints = text(chain_of, params, row, asked)
        steps.append(Step(*last, format_number(row.answer, 4), "chain"))
        return self.numeric_question(
            key,
            row,
            setup + prompt,
            hints,
            tuple(steps),
            self._diagram(params),
            (f"activation:{name}",),
        )

    @staticmethod
    def _diagram(params: Mapping[str, np.ndarray]) -> Diagram:
        """The chain as a network: one unit per layer, weights on the edges."""
        chain = record(params, "chain", Chain)
        k, kind, bound = chain.k, chain.activation, chain.bound
        nodes = tuple(
            DiagramNode(
                f"u{i + 1}",
                f"unit {i + 1}" if bound else f"net={given(params['nets'][i])}",
                i,
                op=kind,
            )
            for i in range(k)
        )
        edges = tuple(
            DiagramEdge(f"u{i}", f"u{i + 1}", f"w{i + 1} = {given(params['w'][i])}")
            for i in range(1, k)
        )
        return Diagram("network", nodes, edges)


def plural(count: int, noun: str) -> str:
    """'1 weight', '3 weights'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _slope_text(kind: str, out: str) -> str:
    """The activation derivative with out put in: sigmoid out(1 - out), tanh 1 - out^2."""
    if kind == "sigmoid":
        return f"{out} × (1 - {out})"
    return f"1 - ({out})^2" if out.startswith("-") else f"1 - {out}^2"


Text = tuple[str, list[Step], tuple[str, str, str], tuple[str, str]]
"""A question's prompt after its setup, its steps before the last, the last step's words and
its hints."""


def _bound_text(chain_of: Chain, params: Mapping[str, np.ndarray], row: Row, asked: str) -> Text:
    """The words of a question asking the largest value the derivative can take."""
    k, w = chain_of.k, params["w"][: chain_of.k]
    weights = " × ".join(signed(v) for v in w[1:])
    prompt = (
        f"Whatever the input and the biases are, what is the largest value $|{asked}|$ can take?"
    )
    steps = [
        Step(
            "Largest sigmoid slope: out (1 - out) peaks at out = 0.5, at net = 0",
            r"$f'(net) = out\,(1 - out) \leq 1/4$",
            "0.5 × (1 - 0.5)",
            "0.25",
            "slope",
        )
    ]
    last = (
        f"Bound the product of {k} slopes and {plural(k - 1, 'weight')}",
        f"$|{asked}| \\leq (1/4)^{{{k}}} \\prod_{{l=2}}^{{{k}}} |w_l|$",
        f"0.25^{k} × |{weights}|",
    )
    hints = (
        "How large can the sigmoid's slope be, and at which net?",
        f"The chain rule multiplies {k} slopes and {plural(k - 1, 'weight')}.",
    )
    return prompt, steps, last, hints


def _chain_text(chain_of: Chain, params: Mapping[str, np.ndarray], row: Row, asked: str) -> Text:
    """The words of a question asking the chain's derivative itself."""
    k, kind = chain_of.k, chain_of.activation
    nets, w = params["nets"][:k], params["w"][:k]
    f, name = SYMBOL[kind], kind
    prompt = (
        "The forward pass gave "
        + ", ".join(f"$net_{i + 1} = {given(v)}$" for i, v in enumerate(nets))
        + f" (the biases are already in the nets). What is ${asked}$?"
    )
    out, slope = row.extra["out"][:k], row.extra["slope"][:k]
    rule = r"out\,(1 - out)" if kind == "sigmoid" else r"1 - out^2"
    chain = [
        Step(
            f"Unit {i + 1}: output and slope",
            f"$f'(net_{i + 1}) = {rule}$",
            f"out_{i + 1} = {name}({given(nets[i])}) = {format_number(out[i], 4)}; "
            + _slope_text(kind, format_number(out[i], 4)),
            format_number(slope[i], 5),
            f"slope:{i + 1}",
        )
        for i in range(k)
    ]
    factors = " × ".join(
        [format_number(slope[0], 5)]
        + [f"{signed(w[i])} × {format_number(slope[i], 5)}" for i in range(1, k)]
    )
    last = (
        "Chain rule: multiply along the chain",
        f"${asked} = f'(net_1) \\prod_{{l=2}}^{{{k}}} w_l\\,f'(net_l)$",
        factors,
    )
    hints = (
        "Each unit contributes its slope, each connection its weight.",
        f"For {name}, the slope is $f'(net) = {rule}$ with $out = {f}(net)$.",
    )
    return prompt, chain, last, hints


FAMILIES = (VanishingGradient(),)
