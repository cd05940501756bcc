"""What a network question asks: one quantity of one unit (or weight) of one layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.nn import LAYER_QUANTITIES, NetworkRun
from questions.network.quantity import Quantity


@dataclass(frozen=True)
class Ask:
    """The asked number: a NetworkRun field (grad_weights, delta, out ...) at layer, unit, source.

    `layer` counts the layers of units from 0 (the first hidden layer); `source` is the input
    index i of weights[j][i] for a weight's quantity; `form` is how it is answered.
    """

    quantity: str
    layer: int
    unit: int
    source: int = 0
    form: str = "numeric"

    def __post_init__(self) -> None:
        if self.quantity not in LAYER_QUANTITIES:
            raise ValueError(f"unknown quantity {self.quantity!r}: one of {LAYER_QUANTITIES}")

    @property
    def on_weight(self) -> bool:
        """True when the quantity belongs to a weight (it has a source unit)."""
        return self.quantity in ("grad_weights", "new_weights")

    def value(self, run: NetworkRun) -> np.ndarray:
        """The asked quantity for every variant of the run, shape (N,)."""
        values = getattr(run.layers[self.layer], self.quantity)
        return values[:, self.unit, self.source] if self.on_weight else values[:, self.unit]

    def as_quantity(self) -> Quantity:
        """The same ask as a pack names it, for the shared oracle and worked-solution text."""
        return Quantity(self.quantity, self.layer, self.unit, self.source)
