"""The output size of a 2-d convolution from the input size n, kernel k, padding p and
stride s: ⌊(n + 2p − k)/s⌋ + 1. Level 1 is one layer with stride 1 (pad, count the window's
positions, add the first); level 2 adds a stride, so the room the window has is divided by it
(a step of its own); level 3 is two layers in sequence, the second reading the first's output.
Mistakes (made in every layer alike): the + 1 left out, padding added once, the stride
ignored."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from engine.layers_conv import conv2d
from questions.families.base import Family, Params, Row, Solved
from questions.model import FamilyKey, Question, Step

DRAWS = {  # level: (sizes n, then per layer: kernels k, paddings p, strides s)
    1: (range(5, 13), ((3, 5), (0, 1, 2), (1,))),
    2: (range(8, 33), ((3, 5), (0, 1, 2), (2, 3))),
    3: (range(20, 65), ((3, 5, 7), (1, 2, 3), (2, 3)), ((3, 5), (0, 1, 2), (1, 2))),
}
Layer = tuple[int, int, int]  # (kernel k, padding p, stride s)


def _layers(params: Mapping[str, np.ndarray], level: int) -> list[list[Layer]]:
    """Each variant's layers, in order."""
    count = len(DRAWS[level]) - 1
    columns = [
        np.atleast_1d(params[f"{name}{n}"]).astype(int).tolist()
        for n in range(1, count + 1)
        for name in "kps"
    ]
    return [
        [(values[3 * n], values[3 * n + 1], values[3 * n + 2]) for n in range(count)]
        for values in zip(*columns, strict=True)
    ]


def _size(n: int, layer: Layer) -> int:
    """One layer's output size by the formula."""
    k, p, s = layer
    return (n + 2 * p - k) // s + 1


@functools.lru_cache(maxsize=16384)
def _engine_size(n: int, layers: tuple[Layer, ...]) -> float:
    """The output size the engine's conv2d gives a blank n×n image through these layers
    (kept: level 3's ten thousand stacks of layers repeat across batches)."""
    image = np.zeros((1, 1, 1, n, n))  # one variant of one image
    for k, p, s in layers:
        image = conv2d(image, np.zeros((1, 1, 1, k, k)), stride=s, padding=p).value
    return float(image.shape[-1])


def _engine_sizes(params: Params, level: int) -> np.ndarray:
    """Each variant's output size, read off the engine (the shapes differ between variants)."""
    stacks = zip(params["n"].astype(int).tolist(), _layers(params, level), strict=True)
    return np.array([_engine_size(n, tuple(layers)) for n, layers in stacks])


def _counted(params: Params, level: int) -> np.ndarray:
    """The oracle: count the window's positions along one side, one by one, layer by layer."""
    sizes = []
    for n, layers in zip(params["n"].astype(int).tolist(), _layers(params, level), strict=True):
        for k, p, s in layers:
            n = len(range(0, n + 2 * p - k + 1, s))
        sizes.append(float(n))
    return np.array(sizes)


def _slipped(params: Params, level: int, slip: str) -> np.ndarray:
    """The size with one slip made in every layer; NaN where the slip changes nothing (no
    padding, or stride 1 throughout) or leaves no output."""
    values = []
    for n, layers in zip(params["n"].astype(int).tolist(), _layers(params, level), strict=True):
        applies = False
        for k, p, s in layers:
            if slip == "no-plus-one":
                n, applies = (n + 2 * p - k) // s, True
            elif slip == "padding-once":
                n, applies = (n + p - k) // s + 1, applies or p > 0
            else:
                n, applies = n + 2 * p - k + 1, applies or s > 1
            if n < 1:
                applies = False
                break
        values.append(float(n) if applies else np.nan)
    return np.array(values)


class ConvOutputShape(Family, id="conv-output-shape", topic="convolution", stage=0):
    """The output size of a convolution

    ⌊(n + 2p − k)/s⌋ + 1 from the input size, kernel, padding and stride.
    """

    hints = (
        "Padding adds p cells on both sides of the image.",
        "Count the window's positions: the first, then one per stride that still fits.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float]:
        sizes, *layers = DRAWS[level]
        drawn = {"n": float(rng.choice(sizes))}
        for number, (kernels, paddings, strides) in enumerate(layers, start=1):
            drawn[f"k{number}"] = float(rng.choice(kernels))
            drawn[f"p{number}"] = float(rng.choice(paddings))
            drawn[f"s{number}"] = float(rng.choice(strides))
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        return Solved(
            answer=_engine_sizes(params, level),
            check=_counted(params, level),
            mistakes={
                f"conv-shape-{slip}": _slipped(params, level, slip)
                for slip in ("no-plus-one", "padding-once", "ignored-stride")
            },
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        n = int(params["n"])
        layers = _layers(params, key.level)[0]
        steps: list[Step] = []
        size = n
        for number, layer in enumerate(layers, start=1):
            named = (f"Layer {number}: t", f":{number}") if len(layers) > 1 else ("T", "")
            steps += _layer_steps(size, layer, key.level > 1, *named)
            size = _size(size, layer)
        (k, p, s), *rest = layers
        prompt = (
            f"A 2-d convolution slides a {k}×{k} kernel over {_article(n)} {n}×{n} image "
            f"{_padding(p)}, with stride {s}."
        )
        for k, p, s in rest:
            prompt += (
                f" A second convolution slides a {k}×{k} kernel over the first's output, "
                f"{_padding(p)}, with stride {s}."
            )
        prompt += (
            " How many rows (and columns) does "
            + ("the second's output" if rest else "its output")
            + " have?"
        )
        return self.numeric_question(key, row, prompt, self.hints, tuple(steps))


def _padding(p: int) -> str:
    """How a layer pads its input, in words."""
    if p == 0:
        return "with no padding"
    return f"padded with {p} zero{'s' if p != 1 else ''} on every side"


def _article(n: int) -> str:
    """'an' before a number read with a vowel sound (8, 11, 18, 80-89), else 'a'."""
    return "an" if str(n).startswith("8") or n in (11, 18) else "a"


def _layer_steps(n: int, layer: Layer, strided: bool, title: str, tag: str) -> list[Step]:
    """One layer's worked size: pad, the room the window has (divided by the stride when a
    level has one), and the first position added."""
    k, p, s = layer
    room = n + 2 * p - k
    steps = [
        Step(
            f"{title}he padded image", "$n + 2p$", f"{n} + 2 × {p}", str(n + 2 * p), f"padded{tag}"
        ),
    ]
    if strided:
        steps += [
            Step(
                f"{title}he room the window has",
                "$n + 2p - k$",
                f"{n + 2 * p} − {k}",
                str(room),
                f"room{tag}",
            ),
            Step(
                f"{title}he steps of {s} that fit in it",
                r"$\lfloor (n + 2p - k) / s \rfloor$",
                f"{room} / {s} = {room / s:g}, rounded down",
                str(room // s),
                f"positions{tag}",
            ),
        ]
    else:
        steps.append(
            Step(
                f"{title}he positions after the first, one cell at a time",
                "$n + 2p - k$",
                f"{n + 2 * p} − {k}",
                str(room),
                f"positions{tag}",
            )
        )
    steps.append(
        Step(
            f"{title}he output size counts the first position too",
            r"$\lfloor (n + 2p - k) / s \rfloor + 1$",
            f"{room // s} + 1",
            str(room // s + 1),
            f"output-size{tag}",
        )
    )
    return steps


FAMILIES = (ConvOutputShape(),)
