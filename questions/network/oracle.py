"""The independent check of a network question: a plain-numpy forward pass, differentiated.

It shares nothing with engine.nn but the activation and loss descriptors' numpy twins: the
forward pass is written here with einsum, and slopes come from central differences on the
loss for the asked quantity alone, so a variant is shown only when the two agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from engine.activations import ACTIVATIONS, Activation
from engine.gradcheck import central_difference
from engine.losses import LOSS_KINDS
from engine.nn import NetworkBatch
from questions.network.padded import Mixture


class Quantity(Protocol):
    """What is asked, as packs and the kernel both name it: a run field at layer, unit, source
    (an index for every variant, or one per variant)."""

    @property
    def name(self) -> str: ...
    @property
    def layer(self) -> int: ...
    @property
    def unit(self) -> int | np.ndarray: ...
    @property
    def source(self) -> int | np.ndarray: ...


def oracle_forward(
    batch: NetworkBatch,
    weights: Sequence[np.ndarray] | None = None,
    biases: Sequence[np.ndarray] | None = None,
    shift: tuple[str, int, int | np.ndarray, np.ndarray] | None = None,
    mixtures: Sequence[Mixture] | None = None,
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """(net per layer, out per layer, loss), plain numpy; `shift` adds to one net or out;
    `mixtures`, which variants use which activation per layer where they differ."""
    weights = batch.weights if weights is None else weights
    biases = batch.biases if biases is None else biases
    below = batch.inputs
    nets, outs = [], []
    for layer, (w, b, name) in enumerate(zip(weights, biases, batch.activations, strict=True)):
        net = np.einsum("nji,ni->nj", w, below) + b
        if shift and shift[0] == "net" and shift[1] == layer:
            net = net.copy()
            net[np.arange(len(net)), shift[2]] += shift[3]
        if mixtures is None:
            out = ACTIVATIONS[name].function(net)
        else:
            out = mixtures[layer].apply(_applied(net))
        if shift and shift[0] == "out" and shift[1] == layer:
            out = out.copy()
            out[np.arange(len(out)), shift[2]] += shift[3]
        nets.append(net)
        outs.append(out)
        below = out
    return nets, outs, LOSS_KINDS[batch.loss].reference(below, batch.targets)


def _applied(net: np.ndarray) -> Callable[[Activation], np.ndarray]:
    """An activation's plain-numpy function at net."""
    return lambda activation: activation.function(net)


def oracle(
    batch: NetworkBatch, ask: Quantity, mixtures: Sequence[Mixture] | None = None
) -> np.ndarray:
    """The asked quantity without the engine: a forward pass, central differences for slopes."""
    n = batch.variants
    lr = np.broadcast_to(np.asarray(batch.learning_rate, dtype=np.float64), (n,))
    at, j, i, rows = ask.layer, ask.unit, ask.source, np.arange(n)
    if ask.name in ("loss", "net", "out"):
        nets, outs, loss = oracle_forward(batch, mixtures=mixtures)
        return loss if ask.name == "loss" else (nets if ask.name == "net" else outs)[at][rows, j]
    if ask.name in ("delta", "grad_out"):
        where = "net" if ask.name == "delta" else "out"
        return central_difference(
            lambda s: oracle_forward(batch, shift=(where, at, j, s), mixtures=mixtures)[2],
            np.zeros(n),
        )
    if ask.name in ("grad_weights", "new_weights"):
        start = batch.weights[at][rows, j, i].copy()

        def loss_at_weight(value: np.ndarray) -> np.ndarray:
            weights = list(batch.weights)
            weights[at] = weights[at].copy()
            weights[at][rows, j, i] = value
            return oracle_forward(batch, weights=weights, mixtures=mixtures)[2]

        grad = central_difference(loss_at_weight, start)
        return grad if ask.name == "grad_weights" else start - lr * grad
    start = batch.biases[at][rows, j].copy()

    def loss_at_bias(value: np.ndarray) -> np.ndarray:
        biases = list(batch.biases)
        biases[at] = biases[at].copy()
        biases[at][rows, j] = value
        return oracle_forward(batch, biases=biases, mixtures=mixtures)[2]

    grad = central_difference(loss_at_bias, start)
    return grad if ask.name == "grad_biases" else start - lr * grad
