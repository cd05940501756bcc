"""Draw a dense network of any depth, solve every variant in one pass, check the asked value.

A family fixes its `Shape` (layer sizes, activations, loss) per level, or draws one per
variant; either way the variants are grouped by shape, each group is one engine pass, and
within a group the asks of one kind (quantity and layer) are answered, checked and mistaken
together, indexed per variant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import numpy as np
from numpy.typing import ArrayLike

from engine.activations import Activation
from engine.nn import NetworkBatch, NetworkRun, forward_backward
from questions.network.ask import Ask
from questions.network.mistakes import NetworkMistake
from questions.network.oracle import oracle
from questions.network.padded import Mixture, PaddedRun, by_activation, pad, padded_run, real
from questions.solved import Params, Row, Solved

SATURATED = 2.5  # a smooth unit with |net| beyond this has almost no slope
KINK = 0.05  # a ReLU-like unit with |net| below this is too near its kink


@dataclass(frozen=True)
class Shape:
    """A network's architecture: units per layer (inputs first), activations, loss, rate."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str = "half_sse"
    rate: float = 0.5


@dataclass(frozen=True, eq=False)
class Network:
    """One drawn variant: its shape, its numbers (x, t, w0, b0, w1, b1 ...) and its rate."""

    shape: Shape
    numbers: Mapping[str, ArrayLike]  # arrays, or (nested) lists of floats
    rate: float


@dataclass(frozen=True, eq=False)
class Variant:
    """Variant `index` of a solved group's engine pass: what a question's text is read from."""

    run: NetworkRun
    index: int


def draw(rng: np.random.Generator, shape: Shape) -> dict[str, np.ndarray]:
    """One variant's numbers: inputs, targets, two-decimal weights and biases per layer.

    One block of uniforms is drawn and cut, in the order x, then w and b per layer, then t:
    the same numbers `rng.uniform` would give one by one (low + (high - low) u), in one call;
    the weights and biases of every layer are scaled and rounded as one array.
    """
    sizes = shape.sizes
    low, span, cuts = _parameters(sizes)
    u = rng.random(sizes[0] + len(low) + sizes[-1])
    numbers = {"x": np.round(-1.0 + 2.0 * u[: sizes[0]], 1)}
    parameters = np.round(low + span * u[sizes[0] : sizes[0] + len(low)], 2)
    for name, start, end, cut in cuts:
        numbers[name] = parameters[start:end].reshape(cut)
    t = u[sizes[0] + len(low) :]
    if shape.loss == "bce":
        numbers["t"] = (t < 0.5).astype(np.float64)
    else:
        numbers["t"] = np.round(0.05 + (0.95 - 0.05) * t, 2)
    return numbers


@cache
def _parameters(
    sizes: tuple[int, ...],
) -> tuple[np.ndarray, np.ndarray, tuple[tuple[str, int, int, tuple[int, ...]], ...]]:
    """(low, span) of each weight and bias of a shape in draw's order (w0, b0, w1, b1 ...:
    weights in [-1, 1], biases in [-0.5, 0.5]) and where each array is cut from them."""
    low: list[float] = []
    span: list[float] = []
    cuts = []
    for layer, (n_in, n_out) in enumerate(pairwise(sizes)):
        for name, count, cut, (a, b) in (
            (f"w{layer}", n_out * n_in, (n_out, n_in), (-1.0, 2.0)),
            (f"b{layer}", n_out, (n_out,), (-0.5, 1.0)),
        ):
            cuts.append((name, len(low), len(low) + count, cut))
            low += [a] * count
            span += [b] * count
    return np.array(low), np.array(span), tuple(cuts)


def batch(params: Params, shape: Shape, rate: np.ndarray | None = None) -> NetworkBatch:
    """The drawn variants as one NetworkBatch (variant axis first)."""
    layers = range(len(shape.activations))
    return NetworkBatch(
        inputs=params["x"],
        targets=params["t"],
        weights=tuple(params[f"w{layer}"] for layer in layers),
        biases=tuple(params[f"b{layer}"] for layer in layers),
        activations=shape.activations,
        loss=shape.loss,
        learning_rate=np.full(len(params["x"]), shape.rate) if rate is None else rate,
    )


def conditioned(run: NetworkRun, limits: Mapping[str, float] | None = None) -> np.ndarray:
    """Variants with no unit at a kink and none saturated (|net| beyond its activation's
    limit, SATURATED unless `limits` names one), shape (N,)."""
    ok = np.ones(len(run.loss), dtype=bool)
    for position, layer in enumerate(run.layers):
        net = np.abs(layer.net)

        def bad(a: Activation, net: np.ndarray = net) -> np.ndarray:
            return net < KINK if a.kink else net > (limits or {}).get(a.name, SATURATED)

        ok &= ~(by_activation(run, position, bad).astype(bool) & real(run, position)).any(axis=1)
    return ok


def solve(
    params: Params, shape: Shape, asks: Sequence[Ask], mistakes: Sequence[NetworkMistake]
) -> Solved:
    """Variants of one shape: one engine pass, the asked values, oracle checks, mistakes."""
    solved = _empty(len(asks), mistakes)
    whole = batch(params, shape, np.full(len(asks), shape.rate))
    _answer(solved, np.arange(len(asks)), whole, forward_backward(whole), asks, mistakes, None)
    return solved


def solve_each(
    networks: Sequence[Network],
    asks: Sequence[Ask],
    mistakes: Sequence[NetworkMistake],
    limits: Mapping[str, float] | None = None,
) -> Solved:
    """Variants of any shapes: those sharing loss, output size and depth are padded to one
    width and run as one engine pass, each variant with its own activations, then asked,
    checked and mistaken as one (questions.network.padded); `limits` as for `conditioned`."""
    solved = _empty(len(asks), mistakes)
    groups: dict[tuple[str, int, int], list[int]] = {}
    for v, network in enumerate(networks):
        shape = network.shape
        groups.setdefault((shape.loss, shape.sizes[-1], len(shape.activations)), []).append(v)
    for (loss, _, depth), members in groups.items():
        group = [networks[v] for v in members]
        sizes = np.array([g.shape.sizes for g in group])
        acts = [g.shape.activations for g in group]
        mixtures = tuple(Mixture.of([a[layer] for a in acts]) for layer in range(depth))
        whole = batch(
            pad([g.numbers for g in group], sizes),
            Shape((), acts[0], loss),
            np.array([g.rate for g in group]),
        )
        run = padded_run(whole, sizes, mixtures)
        picked = [asks[v] for v in members]
        _answer(solved, np.array(members), whole, run, picked, mistakes, limits)
    return solved


def _empty(n: int, mistakes: Sequence[NetworkMistake]) -> Solved:
    """A batch of n unsolved variants: the asked value (NaN for a badly conditioned variant,
    so it is redrawn), its oracle check, each mistake's value, and for the text the asked
    parameter's gradient and the variant's engine pass."""
    return Solved(
        np.full(n, np.nan),
        np.full(n, np.nan),
        {mistake.id: np.full(n, np.nan) for mistake in mistakes},
        {"gradient": np.full(n, np.nan), "variant": np.empty(n, dtype=object)},
    )


def _answer(
    solved: Solved,
    rows: np.ndarray,
    whole: NetworkBatch,
    run: NetworkRun,
    asks: Sequence[Ask],
    mistakes: Sequence[NetworkMistake],
    limits: Mapping[str, float] | None,
) -> None:
    """Fill `rows` of solved from one pass (`whole` its numbers); asks of one quantity and
    layer are answered together, indexed per variant."""
    mixtures = run.mixtures if isinstance(run, PaddedRun) else None
    for k, v in enumerate(rows.tolist()):
        solved.extra["variant"][v] = Variant(run, k)
    ok = conditioned(run, limits)
    kinds: dict[tuple[str, int], list[int]] = {}
    for k, ask in enumerate(asks):
        kinds.setdefault((ask.quantity, ask.layer), []).append(k)
    for picked in kinds.values():
        # The asks of one kind indexed per variant; the other variants of the pass ask unit 0,
        # computed alongside and dropped (cheaper than copying the pass for each kind).
        at, unit, source = np.array(picked), np.zeros(len(asks), int), np.zeros(len(asks), int)
        change = np.zeros(len(asks), bool)
        unit[at] = [asks[k].unit for k in picked]
        source[at] = [asks[k].source for k in picked]
        change[at] = [asks[k].change for k in picked]
        ask = replace(asks[picked[0]], unit=unit, source=source, change=change)
        answer = ask.value(run)
        check = oracle(whole, ask, mixtures) - np.where(change, ask.parameter(run), 0.0)
        solved.answer[rows[at]] = np.where(ok[at], answer[at], np.nan)
        solved.check[rows[at]] = np.where(ok[at], check[at], np.nan)
        solved.extra["gradient"][rows[at]] = ask.gradient(run)[at]
        for mistake in mistakes:
            solved.mistakes[mistake.id][rows[at]] = mistake.applies(run, ask, answer)[at]


def variant_of(row: Row) -> Variant:
    """The engine pass a solved row's question is written from."""
    variant = row.extra["variant"]
    if not isinstance(variant, Variant):
        raise TypeError("the row was not solved by the network kernel")
    return variant
