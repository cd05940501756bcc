"""Draw a dense network of any depth, solve every variant in one pass, check the asked value.

A family fixes its `Shape` (layer sizes, activations, loss) per level and draws only numbers,
so a batch is a set of same-shaped arrays: x, t, and w0, b0, w1, b1 ... per layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import pairwise

import numpy as np

from engine.activations import ACTIVATIONS
from engine.nn import LayerRun, NetworkBatch, NetworkRun, forward_backward
from questions.network.ask import Ask
from questions.network.mistakes import NetworkMistake
from questions.network.oracle import oracle
from questions.solved import Params, Solved

SATURATED = 2.5  # a sigmoid or tanh unit with |net| beyond this has almost no slope
KINK = 0.05  # a ReLU-like unit with |net| below this is too near its kink


@dataclass(frozen=True)
class Shape:
    """A network's architecture: units per layer (inputs first), activations, loss, rate."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str = "half_sse"
    rate: float = 0.5


def draw(rng: np.random.Generator, shape: Shape) -> dict[str, np.ndarray]:
    """One variant's numbers: inputs, targets, two-decimal weights and biases per layer."""
    sizes = shape.sizes
    numbers = {"x": np.round(rng.uniform(-1.0, 1.0, sizes[0]), 1)}
    for layer, (n_in, n_out) in enumerate(pairwise(sizes)):
        numbers[f"w{layer}"] = np.round(rng.uniform(-1.0, 1.0, (n_out, n_in)), 2)
        numbers[f"b{layer}"] = np.round(rng.uniform(-0.5, 0.5, n_out), 2)
    if shape.loss == "bce":
        numbers["t"] = (rng.random(sizes[-1]) < 0.5).astype(np.float64)
    else:
        numbers["t"] = np.round(rng.uniform(0.05, 0.95, sizes[-1]), 2)
    return numbers


def batch(params: Params, shape: Shape) -> NetworkBatch:
    """The drawn variants as one NetworkBatch (variant axis first)."""
    layers = range(len(shape.activations))
    return NetworkBatch(
        inputs=params["x"],
        targets=params["t"],
        weights=tuple(params[f"w{layer}"] for layer in layers),
        biases=tuple(params[f"b{layer}"] for layer in layers),
        activations=shape.activations,
        loss=shape.loss,
        learning_rate=np.full(len(params["x"]), shape.rate),
    )


def conditioned(run: NetworkRun) -> np.ndarray:
    """Variants with no saturated smooth unit and no unit at a kink, shape (N,)."""
    ok = np.ones(len(run.loss), dtype=bool)
    for layer, name in zip(run.layers, run.activations, strict=True):
        net = np.abs(layer.net)
        ok &= ~(net < KINK).any(axis=1) if ACTIVATIONS[name].kink else ~(net > SATURATED).any(1)
    return ok


def solve(
    params: Params, shape: Shape, asks: Sequence[Ask], mistakes: Sequence[NetworkMistake]
) -> Solved:
    """One engine pass for every variant; the asked value, its oracle check, each mistake."""
    whole = batch(params, shape)
    run = forward_backward(whole)
    n = len(asks)
    answer, check = np.empty(n), np.empty(n)
    values = {mistake.id: np.full(n, np.nan) for mistake in mistakes}
    for ask in set(asks):
        rows = np.array([v for v in range(n) if asks[v] == ask])
        answer[rows] = ask.value(run)[rows]
        check[rows] = oracle(whole, ask.as_quantity())[rows]
        for mistake in mistakes:
            values[mistake.id][rows] = mistake.applies(run, ask, answer)[rows]
    answer = np.where(conditioned(run), answer, np.nan)  # a NaN answer is redrawn
    check = np.where(np.isnan(answer), answer, check)
    return Solved(answer, check, values, _per_variant(run))


def _per_variant(run: NetworkRun) -> dict[str, np.ndarray]:
    """Every array of the run, by name, for `run_of` to give build one variant's pass."""
    arrays = {"loss": run.loss, "targets": run.targets, "rate": run.learning_rate}
    if run.probabilities is not None:
        arrays["probabilities"] = run.probabilities
    for position, layer in enumerate(run.layers):
        arrays |= {f"{position}.{f.name}": getattr(layer, f.name) for f in fields(LayerRun)}
    return {name: np.array(values) for name, values in arrays.items()}  # writable copies


def run_of(extra: Mapping[str, np.ndarray], shape: Shape) -> NetworkRun:
    """One variant's engine pass again, from the arrays solve kept in Solved.extra."""
    layers = tuple(
        LayerRun(**{f.name: extra[f"{p}.{f.name}"][None] for f in fields(LayerRun)})
        for p in range(len(shape.activations))
    )
    return NetworkRun(
        layers=layers,
        loss=np.asarray(extra["loss"])[None],
        outputs=layers[-1].out,
        probabilities=extra["probabilities"][None] if "probabilities" in extra else None,
        targets=extra["targets"][None],
        loss_name=shape.loss,
        activations=shape.activations,
        learning_rate=np.asarray(extra["rate"])[None],
    )
