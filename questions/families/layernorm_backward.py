"""Layer normalization backward over each example's D features, in three levels: ∂E/∂γ_i
of one example (its one term g_i x̂_i), ∂E/∂γ_i over a batch of two (each with its own
statistics), and one ∂E/∂x_i through the direct, the mean's and the variance's paths.
Mistakes: the statistics held constant, the unbiased variance, the mean's term left out; for
γ, its gradient taken as β's, averaged, or normalized over the batch."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.layers_norm import layer_norm
from questions.families.normalization import Layout, NormalizationBackward, listed
from questions.families.tensor_kit import text


class LayerNormBackward(
    NormalizationBackward, id="layernorm-backward", topic="normalization", stage=2
):
    """Layer normalization, backward

    Each example's own statistics couple its features, not the batch.
    """

    layout = Layout(
        "ln",
        2,
        "D",
        {1: (1, 4), 2: (2, 4), 3: (1, 5)},
        layer_norm,
        (r"$\partial E / \partial \gamma_{i}$",) * 2 + (r"$\partial E / \partial x_{i}$",),
        gamma_mistakes=("ln-batch-statistics",),
    )
    hints = (
        "μ and σ are each example's, computed from all its features: each x_j moves them.",
        "The variance divides by D, the number of features.",
    )

    def given_text(self, params: Mapping[str, np.ndarray], level: int) -> str:
        x, g = params["x"], params["g"]
        if level == 2:
            data = f"a batch of two examples (rows) $X$ = {text(x)}"
            upstream = f"$\\partial E / \\partial Y$ = {text(g)}"
        else:
            data = f"one example $x$ = {listed(x[0])}"
            upstream = f"$\\partial E / \\partial y$ = {listed(g[0])}"
        return (
            f"Layer normalization ($\\epsilon = 10^{{-5}}$) normalizes each example over its "
            f"{x.shape[1]} features, $y_i = \\gamma_i \\hat{{x}}_i + \\beta_i$, for {data}, "
            f"with $\\gamma$ = {listed(params['gamma'])} and $\\beta$ = "
            f"{listed(params['beta'])}. The upstream gradient is {upstream}."
        )


FAMILIES = (LayerNormBackward(),)
