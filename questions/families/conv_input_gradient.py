"""One input gradient of a small 2-d convolution: ∂E/∂x_ij = Σ_ab g_ab w_(i+p−as, j+p−bs),
a full convolution of the upstream gradient with the flipped kernel. Level 1 asks for one
output position's contribution (one chain-rule step: which kernel cell, times its upstream
gradient); level 2 for the whole sum over the outputs that read the cell; level 3 the same
with stride 2 and padding 1, placing the cell in the padded input first. Mistakes: the kernel
not flipped, one output position only, the kernel transposed."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_conv import conv2d
from questions.families.base import Family, Params, Row, Solved
from questions.families.conv_kit import (
    Geometry,
    added,
    cell,
    conv_draw,
    conv_given,
    correlate,
    out_side,
    products,
)
from questions.families.tensor_kit import central_gradient
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

CONVS: dict[int, Geometry] = {1: (5, 3, 1, 0), 2: (5, 3, 1, 0), 3: (5, 3, 2, 1)}
"""Level: (input side n, kernel side k, stride, padding); a 3×3 output at every level."""


def _terms(geometry: Geometry, i: int, j: int) -> list[tuple[int, int, int, int]]:
    """Each (a, b, u, v): output (a, b) read x_ij through kernel cell (u, v)."""
    _, k, stride, padding = geometry
    out = out_side(geometry)
    return [
        (a, b, i + padding - a * stride, j + padding - b * stride)
        for a in range(out)
        for b in range(out)
        if 0 <= i + padding - a * stride < k and 0 <= j + padding - b * stride < k
    ]


def _asked(params: Mapping[str, np.ndarray], level: int) -> list[tuple[int, int, int, int]]:
    """The terms the question asks for: level 1 the one through output (a, b), else all."""
    terms = _terms(CONVS[level], int(params["i"]), int(params["j"]))
    if level == 1:
        return [t for t in terms if (t[0], t[1]) == (int(params["a"]), int(params["b"]))]
    return terms


class ConvInputGradient(Family, id="conv-input-gradient", topic="convolution", stage=4):
    """A convolution's input gradient

    ∂E/∂x_ij = Σ g_ab w_(i−a, j−b): the full convolution with the flipped kernel.
    """

    hints = (
        "Find every output whose window covers this input cell.",
        "The kernel cell it meets runs backwards as the window moves: the flipped kernel.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        geometry = CONVS[level]
        drawn = conv_draw(rng, geometry)
        if level == 1:  # an output (a, b) and a kernel cell: the input they meet at
            out, k = out_side(geometry), geometry[1]
            drawn["a"], drawn["b"] = float(rng.integers(out)), float(rng.integers(out))
            drawn["i"] = drawn["a"] + float(rng.integers(k))
            drawn["j"] = drawn["b"] + float(rng.integers(k))
        else:
            drawn["i"], drawn["j"] = (
                float(rng.integers(geometry[0])),
                float(rng.integers(geometry[0])),
            )
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        geometry = CONVS[level]
        _, k, stride, padding = geometry
        w, g = params["w"], params["g"]
        count = len(g)
        if level == 1:  # only output (a, b) passes its gradient back
            upstream = np.zeros_like(g)
            upstream[np.arange(count), params["a"].astype(int), params["b"].astype(int)] = 1.0
            g = g * upstream
        image = variable(params["x"][:, None, None])
        y = conv2d(image, w[:, None, None], stride=stride, padding=padding)
        ops.sum_(ops.mul(g[:, None, None], y)).backward()
        every = image.gradient[:, 0, 0]
        oracle = central_gradient(lambda x: correlate(x, w, geometry), params["x"], g)
        variants = np.arange(count)
        i, j = params["i"].astype(int), params["j"].astype(int)
        unflipped, one, transposed = np.zeros(count), np.full(count, np.nan), np.zeros(count)
        for v in range(count):
            terms = _asked({name: values[v] for name, values in params.items()}, level)
            for a, b, u, t in terms:
                unflipped[v] += g[v, a, b] * w[v, k - 1 - u, k - 1 - t]
                transposed[v] += g[v, a, b] * w[v, t, u]
            if len(terms) > 1:
                a, b, u, t = terms[0]
                one[v] = g[v, a, b] * w[v, u, t]
        answer = every[variants, i, j]
        return Solved(
            answer=answer,
            check=oracle[variants, i, j],
            mistakes={  # a mistake that lands on the answer (a symmetric cell) does not apply
                "conv-input-not-flipped": np.where(unflipped == answer, np.nan, unflipped),
                "conv-input-one-term": one,
                "conv-input-kernel-transposed": np.where(transposed == answer, np.nan, transposed),
            },
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        geometry = CONVS[key.level]
        _, _, stride, padding = geometry
        i, j = int(params["i"]), int(params["j"])
        w, g = np.asarray(params["w"]), np.asarray(params["g"])
        terms = _asked(params, key.level)
        pairs = [(float(g[a, b]), float(w[u, v])) for a, b, u, v in terms]
        target = f"$\\partial E / \\partial x_{{{i + 1}{j + 1}}}$"
        steps = []
        if padding:
            starts = ", ".join(str(1 + a * stride) for a in range(out_side(geometry)))
            steps.append(
                Step(
                    "Where the cell sits in the padded input",
                    r"$x_{ij}$ is cell $(i + p,\ j + p)$ of the padded input",
                    f"padding {padding}; the windows start at rows and columns {starts}",
                    cell(i + padding, j + padding),
                    id="padded",
                )
            )
        if key.level == 1:
            (a, b, u, v), (gab, wuv) = terms[0], pairs[0]
            prompt = (
                f"{conv_given(params, geometry)} Output $y_{{{a + 1}{b + 1}}}$ is one of the "
                f"outputs whose window covers $x_{{{i + 1}{j + 1}}}$ ({cell(i, j)} of the "
                f"input). What does it contribute to {target}, that is, what is "
                f"$\\partial E / \\partial y_{{{a + 1}{b + 1}}} \\cdot \\partial y_{{{a + 1}"
                f"{b + 1}}} / \\partial x_{{{i + 1}{j + 1}}}$?"
            )
            steps += [
                Step(
                    "Which kernel cell joins this input to this output",
                    r"$x_{ij}$ meets $w_{i + p - a s,\ j + p - b s}$ in output $y_{ab}$",
                    f"the window of output ({a + 1}, {b + 1}) reads {cell(i, j)} "
                    f"through kernel cell ({u + 1}, {v + 1})",
                    f"w{u + 1}{v + 1} = {given(wuv)}",
                    id="positions",
                ),
                Step(
                    "Its contribution: the upstream gradient times that weight",
                    r"$\partial E / \partial y_{ab} \cdot w_{uv}$",
                    products([(gab, wuv)]),
                    given(row.answer),
                    id="grad",
                ),
            ]
            return self.numeric_question(key, row, prompt, self.hints, tuple(steps))
        prompt = f"{conv_given(params, geometry)} What is {target} ({cell(i, j)} of the input)?"
        steps += [
            Step(
                "Which outputs read this input, and through which kernel cell",
                r"$x_{ij}$ meets $w_{i + p - a s,\ j + p - b s}$ in output $y_{ab}$",
                ", ".join(f"y{a + 1}{b + 1} through w{u + 1}{v + 1}" for a, b, u, v in terms),
                f"{len(terms)} output position{'s' if len(terms) > 1 else ''}",
                id="positions",
            ),
            Step(
                "Each output's term: its upstream gradient times that weight",
                r"$g_{ab}\, w_{i + p - a s,\ j + p - b s}$",
                ", ".join(products([pair]) for pair in pairs),
                ", ".join(given(gab * wuv) for gab, wuv in pairs),
                id="terms",
            ),
            Step(
                "Sum the terms",
                r"$\partial E / \partial x_{ij} = \sum_{ab} g_{ab} w_{i + p - a s,\ j + p - b s}$",
                added([gab * wuv for gab, wuv in pairs]),
                given(row.answer),
                id="grad",
            ),
        ]
        return self.numeric_question(key, row, prompt, self.hints, tuple(steps))


FAMILIES = (ConvInputGradient(),)
