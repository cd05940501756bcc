"""Batch normalization backward for one feature over a small batch, in three levels: one
example's term g_k x̂_k of ∂E/∂γ, ∂E/∂γ summed over the batch, and one ∂E/∂x_k through the
direct, the mean's and the variance's paths. Mistakes: the batch statistics held constant,
the unbiased variance, the mean's term left out; for γ, its gradient taken as β's or
averaged."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

import numpy as np

from engine import Tensor
from engine.layers_norm import batch_norm
from questions.families.normalization import NormalizationBackward, listed


class BatchNormBackward(NormalizationBackward, id="batchnorm-backward", topic="normalization"):
    """Batch normalization, backward

    The three-term formula: the batch statistics couple the examples.
    """

    axis = 1
    prefix = "bn"
    shapes: ClassVar[Mapping[int, tuple[int, int]]] = {1: (3, 1), 2: (4, 1), 3: (4, 1)}
    count = "N"
    hints = (
        "μ and σ are computed from the batch, so every x_k moves them.",
        "Training mode uses the biased variance, dividing by N.",
    )

    def layer(self) -> Callable[..., Tensor]:
        return batch_norm

    def given_text(self, params: Mapping[str, np.ndarray], level: int) -> str:
        x, g = params["x"][:, 0], params["g"][:, 0]
        gamma, beta = float(params["gamma"][0]), float(params["beta"][0])
        return (
            f"Batch normalization (training mode, $\\epsilon = 10^{{-5}}$) normalizes one "
            f"feature over a batch of {len(x)}: $x$ = {listed(x)}, with $\\gamma = {gamma:g}$ "
            f"and $\\beta = {beta:g}$, so $y_k = \\gamma \\hat{{x}}_k + \\beta$. The upstream "
            f"gradient is $\\partial E / \\partial y$ = {listed(g)}."
        )

    def asked(self, level: int, k: int, i: int) -> str:
        if level == 1:
            return (
                f"example {k + 1}'s term of $\\partial E / \\partial \\gamma$, the part that "
                f"reaches $\\gamma$ through $y_{{{k + 1}}}$ alone"
            )
        if level == 2:
            return r"$\partial E / \partial \gamma$"
        return f"$\\partial E / \\partial x_{{{k + 1}}}$"


FAMILIES = (BatchNormBackward(),)
