"""Mistakes on a network of any depth, each an object: its id, its explanation, its value.

A backward-pass mistake reruns the backward pass in numpy with one thing done wrong (a slope
left out, a slope taken at net, one path instead of the sum over the fan-out) and reads the
asked quantity off it, so the same object serves every layer, unit and depth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from engine.activations import ACTIVATIONS
from questions.mistakes import MISTAKES

if TYPE_CHECKING:
    from engine.nn import NetworkRun
    from questions.network.ask import Ask


class NetworkMistake:
    """A named wrong way to compute an asked network quantity."""

    id: str

    @property
    def explanation(self) -> str:
        """What the learner did, as grading tells it (questions.mistakes holds the words)."""
        return MISTAKES[self.id].explanation

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        """The mistaken value for every variant, shape (N,)."""
        raise NotImplementedError

    def applies(self, run: NetworkRun, ask: Ask, answer: np.ndarray) -> np.ndarray:
        """value, NaN where it equals the right answer (the mistake changes nothing there)."""
        wrong = self.value(run, ask)
        return np.where(np.isclose(wrong, answer, rtol=1e-9, atol=1e-12), np.nan, wrong)


def backward(
    run: NetworkRun,
    slopes: Mapping[int, np.ndarray | float] | None = None,
    one_path: bool = False,
) -> list[np.ndarray]:
    """Deltas per layer from the run's output gradient, with layer slopes replaced by `slopes`
    and, with one_path, each unit passing back only the path through unit 0 above it."""
    slopes = slopes or {}
    grad = run.layers[-1].grad_out
    deltas: list[np.ndarray] = []
    for position in range(len(run.layers) - 1, -1, -1):
        layer = run.layers[position]
        delta = grad * slopes.get(position, layer.local)
        deltas.insert(0, delta)
        w = layer.weights[:, :1] if one_path else layer.weights
        grad = np.einsum("nji,nj->ni", w, delta[:, : w.shape[1]])
    return deltas


def gradient(run: NetworkRun, ask: Ask, deltas: list[np.ndarray]) -> np.ndarray:
    """The asked delta or weight gradient read off a (possibly mistaken) backward pass."""
    delta = deltas[ask.layer][:, ask.unit]
    if ask.quantity == "grad_weights":
        return delta * run.layers[ask.layer].inputs[:, ask.source]
    return delta


class NoSlope(NetworkMistake):
    """The asked unit's delta without its activation's slope."""

    id = "no-activation-derivative"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return gradient(run, ask, backward(run, {ask.layer: 1.0}))


class NoHiddenSlopes(NetworkMistake):
    """Every hidden layer's slope left out on the way back (the output's kept)."""

    id = "no-hidden-activation-derivative"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        hidden = {position: 1.0 for position in range(len(run.layers) - 1)}
        return gradient(run, ask, backward(run, hidden))


class SlopeAtNet(NetworkMistake):
    """Every slope evaluated at net where it takes out (sigmoid, tanh)."""

    id = "derivative-at-net"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        slopes = {
            p: ACTIVATIONS[name].derivative(layer.net, layer.net)
            for p, (layer, name) in enumerate(zip(run.layers, run.activations, strict=True))
        }
        return gradient(run, ask, backward(run, slopes))


class OnePath(NetworkMistake):
    """Only the path through the first unit above, instead of the sum over the fan-out."""

    id = "no-fanout-sum"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return gradient(run, ask, backward(run, one_path=True))


class FlippedError(NetworkMistake):
    """(t - o) where the loss's gradient is (o - t): every gradient changes sign."""

    id = "error-sign"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return -ask.value(run)


class ForwardValue(NetworkMistake):
    """The asked unit's out given for a gradient."""

    id = "forward-not-gradient"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return run.layers[ask.layer].out[:, ask.unit]
