"""dE/dX of a max-pooling layer, answered as the whole matrix: each window's upstream
gradient goes to its arg-max alone. Level 1 is one window, level 2 a layer of four windows
side by side, level 3 four overlapping windows, where a cell that is the maximum of two adds
both gradients. Mistakes: spread to every cell, averaged, sent to the min, and (level 3) a
shared cell keeping one window's gradient instead of the sum."""

from __future__ import annotations

import numpy as np

from questions.families.conv_kit import cell
from questions.families.pool_kit import PoolBackward
from questions.formatting import given
from questions.model import Kind


class MaxPoolBackward(PoolBackward, id="maxpool-backward", topic="convolution", kind=Kind.MATRIX):
    """Max pooling, backward

    dE/dX of a max-pool: each window's gradient goes to its arg-max.
    """

    how = "max"
    hints = (
        "The max passes on only the input that won: its local derivative is 1 for the "
        "winner and 0 for the rest.",
        "dE/dX has the input's shape; most of its cells are 0.",
    )

    def window_step(
        self, x: np.ndarray, where: tuple[slice, slice], g: float
    ) -> tuple[str, str, str, str]:
        part = x[where]
        r, c = np.unravel_index(int(part.argmax()), part.shape)
        at = cell(where[0].start + int(r), where[1].start + int(c))
        return (
            "sends its gradient to its maximum alone",
            r"$\partial E / \partial x_{ij} = g_{ab}$ at the arg-max, 0 at every other cell",
            f"the maximum {given(float(part.max()))} is at {at}",
            f"{given(g)} to {at}",
        )


FAMILIES = (MaxPoolBackward(),)
