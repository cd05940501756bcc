"""What a network question asks: one quantity of one unit (or weight) of one layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.nn import LAYER_QUANTITIES, NetworkRun
from questions.network.quantity import Quantity

Index = int | np.ndarray
"""A unit or source index: one for every variant, or one per variant (the kernel batches asks
of one quantity and layer so)."""


@dataclass(frozen=True)
class Ask:
    """The asked number: a NetworkRun field (grad_weights, delta, out ...) at layer, unit, source.

    `layer` counts the layers of units from 0 (the first hidden layer); `source` is the input
    index i of weights[j][i] for a weight's quantity; `form` is how it is answered; `change`
    asks for the step an update makes (new minus old) instead of the new value.
    """

    quantity: str
    layer: int
    unit: Index
    source: Index = 0
    form: str = "numeric"
    change: bool | np.ndarray = False  # or one per variant

    def __post_init__(self) -> None:
        if self.quantity not in LAYER_QUANTITIES:
            raise ValueError(f"unknown quantity {self.quantity!r}: one of {LAYER_QUANTITIES}")

    @property
    def on_weight(self) -> bool:
        """True when the quantity belongs to a weight (it has a source unit)."""
        return self.quantity in ("grad_weights", "new_weights")

    @property
    def name(self) -> str:
        """The quantity, as the oracle and packs name it."""
        return self.quantity

    @property
    def update(self) -> bool:
        """True when the quantity is a weight or bias after one SGD step."""
        return self.quantity in ("new_weights", "new_biases")

    def value(self, run: NetworkRun) -> np.ndarray:
        """The asked quantity for every variant of the run, shape (N,)."""
        asked = self.at(getattr(run.layers[self.layer], self.quantity))
        return np.where(self.change, asked - self.parameter(run), asked) if self.update else asked

    def at(self, values: np.ndarray) -> np.ndarray:
        """Each variant's entry of a per-unit (N, units) or per-weight (N, units, inputs) array."""
        rows = np.arange(len(values))
        if values.ndim == 3:
            return values[rows, self.unit, self.source]
        return values[rows, self.unit]

    def parameter(self, run: NetworkRun) -> np.ndarray:
        """The weight or bias the quantity belongs to, before the step, shape (N,)."""
        layer = run.layers[self.layer]
        return self.at(layer.weights if self.on_weight else layer.biases)

    def gradient(self, run: NetworkRun) -> np.ndarray:
        """The gradient the quantity is made from: dE/dw for a weight, else the unit's delta
        (dE/d out for grad_out); for net and out, the value itself."""
        if self.quantity in ("net", "out", "grad_out"):
            return self.value(run)
        layer = run.layers[self.layer]
        return self.at(layer.grad_weights if self.on_weight else layer.delta)

    def from_gradient(self, run: NetworkRun, gradient: np.ndarray) -> np.ndarray:
        """The asked quantity made from a (possibly mistaken) gradient: itself, or the update."""
        if not self.update:
            return gradient
        step = -run.learning_rate * gradient
        return np.where(self.change, step, self.parameter(run) + step)

    def as_quantity(self) -> Quantity:
        """The same ask as a pack names it, for the shared oracle and worked-solution text."""
        return Quantity(self.quantity, self.layer, int(self.unit), int(self.source))
