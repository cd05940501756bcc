"""Batch normalization backward for one feature over a small batch, in three levels: one
example's term g_k x̂_k of ∂E/∂γ, ∂E/∂γ summed over the batch, and one ∂E/∂x_k through the
direct, the mean's and the variance's paths. Mistakes: the batch statistics held constant,
the unbiased variance, the mean's term left out; for γ, its gradient taken as β's or
averaged."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.layers_norm import batch_norm
from questions.families.normalization import Layout, NormalizationBackward, listed


class BatchNormBackward(NormalizationBackward, id="batchnorm-backward", topic="normalization"):
    """Batch normalization, backward

    The three-term formula: the batch statistics couple the examples.
    """

    layout = Layout(
        "bn",
        1,
        "N",
        {1: (3, 1), 2: (4, 1), 3: (4, 1)},
        batch_norm,
        asks=(
            "example {k}'s term of $\\partial E / \\partial \\gamma$, the part that reaches "
            "$\\gamma$ through $y_{k}$ alone",
            r"$\partial E / \partial \gamma$",
            r"$\partial E / \partial x_{k}$",
        ),
    )
    hints = (
        "μ and σ are computed from the batch, so every x_k moves them.",
        "Training mode uses the biased variance, dividing by N.",
    )

    def given_text(self, params: Mapping[str, np.ndarray], level: int) -> str:
        x, g = params["x"][:, 0], params["g"][:, 0]
        gamma, beta = float(params["gamma"][0]), float(params["beta"][0])
        return (
            f"Batch normalization (training mode, $\\epsilon = 10^{{-5}}$) normalizes one "
            f"feature over a batch of {len(x)}: $x$ = {listed(x)}, with $\\gamma = {gamma:g}$ "
            f"and $\\beta = {beta:g}$, so $y_k = \\gamma \\hat{{x}}_k + \\beta$. The upstream "
            f"gradient is $\\partial E / \\partial y$ = {listed(g)}."
        )


FAMILIES = (BatchNormBackward(),)
