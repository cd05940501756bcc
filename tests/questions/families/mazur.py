"""Mazur's worked 2-2-2 example ("A Step by Step Backpropagation Example") as a family variant.

Inputs (0.05, 0.10), targets (0.01, 0.99), sigmoid units, half_sse, learning rate 0.5: the
canonical hand-checked case (dE/dw5 = 0.082167041, dE/dw1 = 0.000438568).
"""

from __future__ import annotations

import numpy as np

from questions.families.base import Params, stack
from questions.network.ask import Ask
from questions.network.kernel import Network, Shape

MAZUR = Network(
    Shape((2, 2, 2), ("sigmoid", "sigmoid")),
    {
        "x": np.array([0.05, 0.10]),
        "t": np.array([0.01, 0.99]),
        "w0": np.array([[0.15, 0.20], [0.25, 0.30]]),
        "b0": np.array([0.35, 0.35]),
        "w1": np.array([[0.40, 0.45], [0.50, 0.55]]),
        "b1": np.array([0.60, 0.60]),
    },
    0.5,
)


def mazur(ask: Ask, network: Network = MAZUR) -> Params:
    """One variant's params: Mazur's network (or another) and what is asked about it."""
    return stack([{"network": network, "ask": ask}])
