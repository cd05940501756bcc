"""dE/dX of an average-pooling layer, answered as the whole matrix: each window's upstream
gradient is shared evenly, 1/(k·k) to each cell. Level 1 is one window, level 2 a layer of
four windows side by side, level 3 four overlapping windows, where a shared cell adds every
window's share. Mistakes: not divided, divided by k, routed to the max as a max-pool would,
and (level 3) a shared cell keeping one window's share instead of the sum."""

from __future__ import annotations

import numpy as np

from questions.families.pool_kit import PoolBackward
from questions.formatting import given, signed
from questions.model import Kind


class AvgPoolBackward(
    PoolBackward, id="avgpool-backward", topic="convolution", kind=Kind.MATRIX, stage=2
):
    """Average pooling, backward

    dE/dX of an average pool: each window's gradient shared evenly.
    """

    how = "mean"
    hints = (
        "Every cell of a k×k window counts 1/(k·k) in its mean.",
        "dE/dX has the input's shape.",
    )

    def window_step(
        self, x: np.ndarray, where: tuple[slice, slice], g: float
    ) -> tuple[str, str, str, str]:
        area = x[where].size
        return (
            "shares its gradient evenly",
            f"$\\partial E / \\partial x_{{ij}} = g_{{ab}} / {area}$ at each of its {area} cells",
            f"{signed(g)} / {area}",
            given(g / area),
        )


FAMILIES = (AvgPoolBackward(),)
