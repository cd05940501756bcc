"""Mistakes in the forward pass and in the update step, as objects like the backward ones.

A forward slip recomputes the asked unit's net (and out) with one thing read wrong: the
inputs taken in the wrong order, a column of the weights for a row, net passed on for out.
An update slip makes the step from the right gradient the wrong way: along it, without the
rate, or reporting the change for the new value and back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from questions.network.mistakes import NetworkMistake, backward, gradient, transpose
from questions.network.padded import by_activation, sizes

if TYPE_CHECKING:
    from engine.nn import NetworkRun
    from questions.network.ask import Ask

FORWARD = ("net", "out")


def _finish(run: NetworkRun, ask: Ask, net: np.ndarray) -> np.ndarray:
    """The asked net, or out made from it by the layer's activation."""
    if ask.quantity == "net":
        return net
    return by_activation(run, ask.layer, lambda a: a.function(net))


class WrongInput(NetworkMistake):
    """A weight times the value entering through the next connection (the inputs in the wrong
    order); in a forward pass above the first layer, the unit below's net read for its out."""

    id = "wrong-input"
    step = "gradient"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        layer = run.layers[ask.layer]
        rows = np.arange(len(layer.inputs))
        fan_in = sizes(run)[:, ask.layer]
        if ask.quantity in FORWARD:
            w, b = layer.weights[rows, ask.unit], ask.at(layer.biases)
            if ask.layer:
                below = run.layers[ask.layer - 1].net
            else:  # each input read as the next one, among the real inputs
                width = layer.inputs.shape[1]
                shifted = (np.arange(width) + 1) % fan_in[:, None]
                below = np.take_along_axis(layer.inputs, shifted, axis=1)
                below = np.where(np.arange(width) < fan_in[:, None], below, 0.0)
            return _finish(run, ask, np.einsum("ni,ni->n", w, below) + b)
        entering = layer.inputs[rows, (ask.source + 1) % fan_in]
        return ask.from_gradient(run, ask.at(layer.delta) * entering)


class TransposedWeight(NetworkMistake):
    """weights[i][j] read for weights[j][i]: in the forward sum, or on the way back (square
    layers only)."""

    id = "transposed-weight"
    step = "fan-out"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        if ask.quantity not in FORWARD:
            return gradient(run, ask, backward(run, transposed=True))
        layer = run.layers[ask.layer]
        w = transpose(run, ask.layer, layer.weights)[np.arange(len(layer.inputs)), ask.unit]
        net = np.einsum("ni,ni->n", w, layer.inputs) + ask.at(layer.biases)
        return _finish(run, ask, net)


class NetNotOut(NetworkMistake):
    """The unit's net given where its out is asked."""

    id = "net-not-out"
    step = "forward"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        net = ask.at(run.layers[ask.layer].net)
        return net if ask.quantity == "out" else np.full_like(net, np.nan)


def _step(run: NetworkRun, ask: Ask) -> tuple[np.ndarray, np.ndarray]:
    """(the parameter before the step, the right gradient) of an update ask."""
    return ask.parameter(run), ask.gradient(run)


def _only_updates(ask: Ask, values: np.ndarray) -> np.ndarray:
    return values if ask.update else np.full_like(values, np.nan)


class UpdateSign(NetworkMistake):
    """The step taken along the gradient: w + eta dE/dw."""

    id = "update-sign"
    step = "update"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        param, grad = _step(run, ask)
        moved = run.learning_rate * grad
        return _only_updates(ask, np.where(ask.change, moved, param + moved))


class NoRate(NetworkMistake):
    """The step without the learning rate: w - dE/dw."""

    id = "no-learning-rate"
    step = "update"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        param, grad = _step(run, ask)
        return _only_updates(ask, np.where(ask.change, -grad, param - grad))


class ChangeNotWeight(NetworkMistake):
    """The change -eta dE/dw given for the new weight."""

    id = "change-not-weight"
    step = "update"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        change = -run.learning_rate * ask.gradient(run)
        return _only_updates(ask, np.where(ask.change, np.nan, change))


class WeightNotChange(NetworkMistake):
    """The new weight given for the change."""

    id = "weight-not-change"
    step = "update"

    def value(self, run: NetworkRun, ask: Ask) -> np.ndarray:
        param, grad = _step(run, ask)
        new = param - run.learning_rate * grad
        return _only_updates(ask, np.where(ask.change, new, np.nan))
