"""Mistakes on a network of any depth, each an object: its id, the step it enters, its value.

A backward-pass mistake reruns the backward pass in numpy with one thing done wrong (a slope
left out, a slope taken at net, one path instead of the sum over the fan-out, a weight
transposed or already updated) and reads the asked quantity off it, so the same object serves
every layer, unit and depth, and a gradient, a delta or the update made from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from questions.mistakes import MISTAKES
from questions.network.padded import by_activation, sizes

if TYPE_CHECKING:
    from engine.activations import Activation
    from engine.nn import NetworkRun
    from questions.network.ask import Ask

FACTOR_TWO = {"half_sse": 2.0, "sse": 0.5, "mse": 0.5}
"""d/d out of each squared loss with its factor 2 mixed up, as a multiple of the right one."""


class NetworkMistake:
    """A named wrong way to compute an asked network quantity."""

    id: str
    step: str  # the worked solution's step it enters in: forward, loss-gradient, slope, ...

    @property
    def explanation(self) -> str:
        """What the learner did, as grading tells it (questions.mistakes holds the words)."""
        return MISTAKES[self.id].explanation

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        """The mistaken value for every variant, shape (N,); NaN where it cannot be made."""
        raise NotImplementedError

    def applies(self, run: NetworkRun, ask: Ask, answer: np.ndarray) -> np.ndarray:
        """value, NaN where it equals the right answer (the mistake changes nothing there)."""
        with np.errstate(invalid="ignore"):
            wrong = self.value(run, ask)
            same = np.abs(wrong - answer) <= 1e-15 + 1e-9 * np.abs(answer)  # np.isclose's rule
        return np.where(same, np.nan, wrong)


def backward(
    run: NetworkRun,
    slopes: Mapping[int, np.ndarray | float] | None = None,
    one_path: bool = False,
    transposed: bool = False,
    updated: bool = False,
) -> list[np.ndarray]:
    """Deltas per layer from the run's output gradient, with layer slopes replaced by `slopes`;
    one_path passes back only the path through unit 0 above, transposed uses weights[i][j]
    (NaN through a layer whose weights are not square), updated the weights after the step."""
    slopes = slopes or {}
    grad = run.layers[-1].grad_out
    deltas: list[np.ndarray] = []
    for position in range(len(run.layers) - 1, -1, -1):
        layer = run.layers[position]
        delta = grad * slopes.get(position, layer.local)
        deltas.insert(0, delta)
        w = layer.new_weights if updated else layer.weights
        w = transpose(run, position, w) if transposed else w
        w = w[:, :1] if one_path else w
        grad = np.einsum("nji,nj->ni", w, delta[:, : w.shape[1]])
    return deltas


def transpose(run: NetworkRun, layer: int, w: np.ndarray) -> np.ndarray:
    """weights[i][j] in place of weights[j][i] for the variants whose layer is square (its
    real units as many as its real inputs), NaN for the others."""
    real = sizes(run)
    square = real[:, layer] == real[:, layer + 1]
    m = min(w.shape[1], w.shape[2])
    swapped = np.zeros_like(w)
    swapped[:, :m, :m] = np.swapaxes(w[:, :m, :m], 1, 2)  # padding is zero: so is its mirror
    return np.where(square[:, None, None], swapped, np.nan)


def gradient(run: NetworkRun, ask: Ask, deltas: list[np.ndarray]) -> np.ndarray:
    """The asked quantity read off a (possibly mistaken) backward pass: the weight's gradient
    or the unit's delta, or the update made from it."""
    delta = ask.at(deltas[ask.layer])
    if ask.on_weight:
        inputs = run.layers[ask.layer].inputs
        delta = delta * inputs[np.arange(len(inputs)), ask.source]
    return ask.from_gradient(run, delta)


class NoSlope(NetworkMistake):
    """The asked unit's delta without its activation's slope."""

    id = "no-activation-derivative"
    step = "slope"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return gradient(run, ask, backward(run, {ask.layer: 1.0}))


class NoOutputSlope(NetworkMistake):
    """The output layer's slope left out, wherever the asked unit is."""

    id = "no-activation-derivative"
    step = "slope"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return gradient(run, ask, backward(run, {len(run.layers) - 1: 1.0}))


class NoHiddenSlopes(NetworkMistake):
    """Every hidden layer's slope left out on the way back (the output's kept)."""

    id = "no-hidden-activation-derivative"
    step = "slope"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        hidden = {position: 1.0 for position in range(len(run.layers) - 1)}
        return gradient(run, ask, backward(run, hidden))


class SlopeAtNet(NetworkMistake):
    """Every slope evaluated at net where it takes out (sigmoid, tanh)."""

    id = "derivative-at-net"
    step = "slope"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        slopes = {
            p: by_activation(run, p, _at_net(layer.net)) for p, layer in enumerate(run.layers)
        }
        return gradient(run, ask, backward(run, slopes))


def _at_net(net: np.ndarray) -> Callable[[Activation], np.ndarray]:
    """An activation's derivative with net put where out belongs."""
    return lambda activation: activation.derivative(net, net)


class OnePath(NetworkMistake):
    """Only the path through the first unit above, instead of the sum over the fan-out."""

    id = "no-fanout-sum"
    step = "fan-out"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return gradient(run, ask, backward(run, one_path=True))


class UpdatedUpstream(NetworkMistake):
    """The error passed back through the weights after the step, not before it."""

    id = "updated-weight-upstream"
    step = "fan-out"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return gradient(run, ask, backward(run, updated=True))


class FlippedError(NetworkMistake):
    """(t - o) where the loss's gradient is (o - t): every gradient changes sign."""

    id = "error-sign"
    step = "loss-gradient"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return ask.from_gradient(run, -ask.gradient(run))


class FactorTwo(NetworkMistake):
    """The factor 2 of a squared loss dropped or added: every gradient doubles or halves."""

    id = "factor-two"
    step = "loss-gradient"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        scale = FACTOR_TWO.get(run.loss_name, np.nan)
        return ask.from_gradient(run, scale * ask.gradient(run))


class ForwardValue(NetworkMistake):
    """The asked unit's out given for a gradient."""

    id = "forward-not-gradient"
    step = "gradient"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        return ask.at(run.layers[ask.layer].out)


class OnlyAtOutput(NetworkMistake):
    """Another mistake, made only when the output layer is asked (NaN below it)."""

    def __init__(self, mistake: NetworkMistake) -> None:
        self.mistake = mistake
        self.id, self.step = mistake.id, mistake.step

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        values = self.mistake.value(run, ask)
        return values if ask.layer == len(run.layers) - 1 else np.full_like(values, np.nan)
