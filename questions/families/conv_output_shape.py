"""The output size of a 2-d convolution from the input size n, kernel k, padding p and
stride s: ⌊(n + 2p − k)/s⌋ + 1. Mistakes: the + 1 left out, padding added once, the stride
ignored."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.layers_conv import conv2d
from questions.families.base import Family, Params, Row, Solved
from questions.model import FamilyKey, Question, Step

DRAWS = {  # level: (sizes n, kernels k, paddings p, strides s)
    1: (range(5, 13), (3, 5), (0, 1), (1,)),
    2: (range(8, 33), (3, 5), (0, 1, 2), (2,)),
    3: (range(15, 65), (3, 5, 7), (1, 2, 3), (2, 3)),
}


def _engine_sizes(params: Params) -> np.ndarray:
    """Each variant's output size, read off the engine's conv2d of a blank image (one call
    per distinct layer: the shapes differ between variants)."""
    layers = np.stack([params[name] for name in ("n", "k", "p", "s")], axis=1).astype(int)
    found: dict[tuple[int, ...], float] = {}
    for n, k, p, s in {tuple(layer) for layer in layers.tolist()}:
        image, kernel = np.zeros((1, 1, 1, n, n)), np.zeros((1, 1, 1, k, k))
        found[n, k, p, s] = float(conv2d(image, kernel, stride=s, padding=p).shape[-1])
    return np.array([found[tuple(layer)] for layer in layers.tolist()])


def _counted(params: Params) -> np.ndarray:
    """The oracle: count the window's positions along one side, one by one."""
    layers = zip(*(params[name].astype(int).tolist() for name in ("n", "k", "p", "s")), strict=True)
    return np.array([float(len(range(0, n + 2 * p - k + 1, s))) for n, k, p, s in layers])


class ConvOutputShape(Family, id="conv-output-shape", topic="convolution", stage=0):
    """The output size of a convolution

    ⌊(n + 2p − k)/s⌋ + 1 from the input size, kernel, padding and stride.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float]:
        sizes, kernels, paddings, strides = DRAWS[level]
        return {
            "n": float(rng.choice(sizes)),
            "k": float(rng.choice(kernels)),
            "p": float(rng.choice(paddings)),
            "s": float(rng.choice(strides)),
        }

    def solve(self, params: Params, level: int) -> Solved:
        n, k, p, s = params["n"], params["k"], params["p"], params["s"]
        nan = np.full_like(n, np.nan)
        return Solved(
            answer=_engine_sizes(params),
            check=_counted(params),
            mistakes={
                "conv-shape-no-plus-one": np.floor((n + 2 * p - k) / s),
                "conv-shape-padding-once": np.where(p > 0, np.floor((n + p - k) / s) + 1, nan),
                "conv-shape-ignored-stride": np.where(s > 1, n + 2 * p - k + 1, nan),
            },
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        n, k, p, s = (int(params[name]) for name in ("n", "k", "p", "s"))
        room = n + 2 * p - k
        prompt = (
            f"A 2-d convolution slides a {k}×{k} kernel over a {n}×{n} image padded with "
            f"{p} zero{'s' if p != 1 else ''} on every side, with stride {s}. "
            "How many rows (and columns) does its output have?"
        )
        steps = (
            Step(
                "The padded image",
                "$n + 2p$",
                f"{n} + 2 × {p}",
                str(n + 2 * p),
                id="padded",
            ),
            Step(
                "Where the window can start",
                r"$\lfloor (n + 2p - k) / s \rfloor$ steps after the first position",
                f"{room} / {s} = {room / s:g}, rounded down",
                str(room // s),
                id="positions",
            ),
            Step(
                "The output size counts the first position too",
                r"$\lfloor (n + 2p - k) / s \rfloor + 1$",
                f"{room // s} + 1",
                str(room // s + 1),
                id="output-size",
            ),
        )
        hints = (
            "Padding adds p cells on both sides of the image.",
            "Count the window's positions: the first, then one per stride that still fits.",
        )
        return self.numeric_question(key, row, prompt, hints, steps)


FAMILIES = (ConvOutputShape(),)
