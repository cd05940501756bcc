"""Which number of a network's forward or backward pass is asked: a name and its indices."""

from __future__ import annotations

from dataclasses import dataclass

from engine.nn import LAYER_QUANTITIES

QUANTITIES: tuple[str, ...] = ("loss", *LAYER_QUANTITIES)
"""What a network question may ask for: the loss and the names `solve --json` prints per layer."""

INDICES: dict[str, int] = {
    "loss": 0,
    "net": 2,
    "out": 2,
    "grad_out": 2,
    "delta": 2,
    "grad_biases": 2,
    "new_biases": 2,
    "grad_weights": 3,
    "new_weights": 3,
}
"""How many [..] indices each quantity takes: [layer][unit] or [layer][unit][input]."""


@dataclass(frozen=True)
class Quantity:
    """One number of a network's forward or backward pass, e.g. grad_weights[1][0][1]."""

    name: str
    layer: int = 0
    unit: int = 0
    source: int = 0  # the input index i of weights[j][i]

    def __str__(self) -> str:
        if self.name == "loss":
            return "loss"
        text = f"{self.name}[{self.layer}][{self.unit}]"
        return text + (f"[{self.source}]" if INDICES[self.name] == 3 else "")
