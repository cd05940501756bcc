"""One pooling family that max- and average-pool both are (they differ only in the layer, its
routing rule and their words, which POOLING, LAYERS and MISROUTED hold), with its draws,
forward and routes.

A pooling question's level is how much of a layer it covers: level 1 one window (one unit),
level 2 a layer of windows side by side, level 3 overlapping windows, where a cell that two
windows share adds both of their gradients (a step of its own)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Mapping

import numpy as np

from engine import ops, variable
from engine.layers_conv import avg_pool2d, max_pool2d
from engine.tensor import Tensor
from questions.diagnosis import ENTERS
from questions.families.base import Params, Row, Solved
from questions.families.conv_kit import NONZERO, Geometry, out_side, shown, windows
from questions.families.tensor_kit import MatrixFamily, central_gradient, text
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

POOLS: dict[int, Geometry] = {1: (3, 3, 3, 0), 2: (6, 3, 3, 0), 3: (5, 3, 2, 0)}
"""Level 1 one 3×3 window, level 2 four windows side by side, level 3 four that overlap."""

Router = Callable[[np.ndarray], np.ndarray]  # a window's cells (variants, cells) -> weights


def pool_draw(rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
    """A square image of distinct tenths (no ties in a window) and a nonzero upstream; where
    windows overlap, the largest value sits in a shared cell, so two windows route to it."""
    geometry = POOLS[level]
    size, out = geometry[0], out_side(geometry)
    image = rng.choice(np.arange(-40, 41), size * size, replace=False).reshape(size, size) / 10
    shared = _shared(geometry)
    if shared:
        r, c = shared[int(rng.integers(len(shared)))]
        top = np.unravel_index(int(image.argmax()), image.shape)
        image[top], image[r, c] = image[r, c], image[top]
    upstream = rng.choice(NONZERO, out * out)
    return {"x": image, "g": upstream.reshape(out, out)}


def _shared(geometry: Geometry) -> list[tuple[int, int]]:
    """The cells that more than one window reads."""
    count = np.zeros((geometry[0], geometry[0]), dtype=int)
    for _, _, where in windows(geometry):
        count[where] += 1
    return [(int(r), int(c)) for r, c in zip(*np.nonzero(count > 1), strict=True)]


def pool_forward(x: np.ndarray, geometry: Geometry, how: str) -> np.ndarray:
    """Each window's max or mean per variant, in plain numpy (the oracle's forward)."""
    out = out_side(geometry)
    y = np.empty((x.shape[0], out, out))
    for a, b, (rs, cs) in windows(geometry):
        part = x[:, rs, cs].reshape(x.shape[0], -1)
        y[:, a, b] = part.max(axis=1) if how == "max" else part.mean(axis=1)
    return y


ROUTES: dict[str, Router] = {
    "max": lambda part: (part == part.max(axis=1, keepdims=True)).astype(float),
    "min": lambda part: (part == part.min(axis=1, keepdims=True)).astype(float),
    "all": np.ones_like,
    "mean": lambda part: np.full_like(part, 1.0 / part.shape[1]),
    "side": lambda part: np.full_like(part, 1.0 / round(part.shape[1] ** 0.5)),
}
"""Where a window sends its gradient: the answers and the mistakes of both pooling families."""


def route(
    x: np.ndarray, g: np.ndarray, geometry: Geometry, how: str, *, summed: bool = True
) -> np.ndarray:
    """Each window's upstream sent back its way; `summed=False` lets a later window overwrite
    a shared cell instead of adding to it (the mistake of not summing over the paths)."""
    grad = np.zeros_like(x)
    for a, b, (rs, cs) in windows(geometry):
        part = x[:, rs, cs]
        flat = part.reshape(x.shape[0], -1)
        share = (g[:, a, b][:, None] * ROUTES[how](flat)).reshape(part.shape)
        if summed:
            grad[:, rs, cs] += share
        else:
            grad[:, rs, cs] = share
    return grad


POOLING = {  # how: the layer with its article, what a window outputs, and its formula
    "max": ("a max-pooling", "maximum", r"$y_{ab} = \max_{(i,j) \in W_{ab}} x_{ij}$"),
    "mean": (
        "an average-pooling",
        "mean",
        r"$y_{ab} = \frac{1}{k^2} \sum_{(i,j) \in W_{ab}} x_{ij}$",
    ),
}
LAYERS: dict[str, Callable[[Tensor, int, int], Tensor]] = {"max": max_pool2d, "mean": avg_pool2d}
MISROUTED = {  # (the route the answer takes, the route a mistake takes): that mistake
    ("max", "all"): "pool-spread-all",
    ("max", "mean"): "pool-averaged",
    ("max", "min"): "pool-routed-to-min",
    ("mean", "all"): "avgpool-no-divide",
    ("mean", "side"): "avgpool-divided-by-side",
    ("mean", "max"): "avgpool-to-max",
}


class PoolBackward(MatrixFamily):
    """dE/dX of a pooling layer as a whole matrix: a subclass says which (`how`, a key of
    POOLING) and words one window's routing; its mistakes are the routes MISROUTED names, and
    its per-window steps have the kind of step they enter at."""

    how = "max"

    @abstractmethod
    def window_step(
        self, x: np.ndarray, where: tuple[slice, slice], g: float
    ) -> tuple[str, str, str, str]:
        """One window's routing: what it does (a title's end), formula, working and result."""

    def routing_id(self) -> str:
        """The kind of the per-window steps: where this layer's routing mistakes enter."""
        mistake = next(m for (how, _), m in MISROUTED.items() if how == self.how)
        return ENTERS[mistake][0]

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
        return pool_draw(rng, level)

    def solve(self, params: Params, level: int) -> Solved:
        geometry = POOLS[level]
        x, g = params["x"], params["g"]
        image = variable(x[:, None, None])
        y = LAYERS[self.how](image, geometry[1], geometry[2])
        ops.sum_(ops.mul(g[:, None, None], y)).backward()
        oracle = central_gradient(lambda v: pool_forward(v, geometry, self.how), x, g)
        mistakes = {
            name: route(x, g, geometry, wrong)
            for (right, wrong), name in MISROUTED.items()
            if right == self.how
        }
        if _shared(geometry):
            mistakes["no-fanout-sum"] = route(x, g, geometry, self.how, summed=False)
        return self.solved(image.gradient[:, 0, 0], oracle, mistakes, {"y": y.value[:, 0, 0]})

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        geometry = POOLS[key.level]
        x, g = np.asarray(params["x"]), np.asarray(params["g"])
        y = np.asarray(row.extra["y"])
        gradient = shown(row)
        cells = windows(geometry)
        one = len(cells) == 1
        _, statistic, formula = POOLING[self.how]
        kind = self.routing_id()
        steps = [
            Step(
                f"The forward pass: each window's {statistic}",
                formula,
                "",
                given(float(y[0, 0])) if one else shown(row, "y"),
                id="forward",
            )
        ]
        shared = _shared(geometry)
        if shared:
            steps.append(
                Step(
                    "Which cells lie in more than one window",
                    r"windows start every $s$ cells but are $k$ wide",
                    f"s = {geometry[2]} < k = {geometry[1]}",
                    ", ".join(f"({r + 1}, {c + 1})" for r, c in shared),
                    id="overlap",
                )
            )
        if one:
            does, rule, working, _ = self.window_step(x, cells[0][2], float(g[0, 0]))
            steps.append(Step(f"The window {does}", rule, working, gradient, id=kind))
        else:
            for a, b, where in cells:
                does, rule, working, result = self.window_step(x, where, float(g[a, b]))
                steps.append(
                    Step(
                        f"Window ({a + 1}, {b + 1}) {does}",
                        rule,
                        working,
                        result,
                        id=f"{kind}:{a + 1}{b + 1}",
                    )
                )
            steps.append(collect(bool(shared), gradient))
        return self.matrix_question(
            key, row, self.prompt(params, geometry), self.hints, tuple(steps)
        )

    def prompt(self, params: Mapping[str, np.ndarray], geometry: Geometry) -> str:
        """The layer, its input and upstream gradient, and what is asked."""
        size, window, stride, _ = geometry
        out = out_side(geometry)
        named = POOLING[self.how][0].capitalize()
        if out == 1:
            layer = (
                f"{named} layer with one {window}×{window} window reads the whole "
                f"{size}×{size} input $X$ = {text(params['x'])} and outputs one value $y$. "
                f"The upstream gradient is $\\partial E / \\partial y$ = "
                f"{given(float(params['g'][0, 0]))}."
            )
        else:
            overlap = " (the windows overlap)" if stride < window else ""
            layer = (
                f"{named} layer with a {window}×{window} window and stride {stride}"
                f"{overlap} maps the {size}×{size} input $X$ = {text(params['x'])} to a "
                f"{out}×{out} output $Y$. The upstream gradient is "
                f"$\\partial E / \\partial Y$ = {text(params['g'])}."
            )
        return f"{layer} What is $\\partial E / \\partial X$? Give the {size}×{size} matrix."


def collect(shared: bool, gradient: str) -> Step:
    """The last step of a layer of windows: each window's share put in place, added up where
    windows overlap (where not summing over the paths goes wrong)."""
    if shared:
        return Step(
            "A cell in several windows adds all of their gradients",
            r"$\partial E / \partial x_{ij} = \sum_{ab:\,(i,j) \in W_{ab}} "
            r"\partial y_{ab} / \partial x_{ij}\; g_{ab}$",
            "each shared cell: the sum over its windows",
            gradient,
            id="paths",
        )
    return Step(
        "Each cell takes its own window's share",
        r"$\partial E / \partial x_{ij} = \partial y_{ab} / \partial x_{ij}\; g_{ab}$",
        "the windows do not overlap, so every cell has one",
        gradient,
        id="collect",
    )
