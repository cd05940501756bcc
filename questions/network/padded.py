"""Networks of different widths in one engine pass: padded with units that change nothing.

Variants that share their activations, loss and output size run as one batch, each layer
below the output padded to the widest: a padded input is 0 and a padded unit has zero
weights in and out, so no real value or gradient changes (adding 0.0 is exact). `sizes`
keeps each variant's real units per layer, for what depends on them: the screen, the
mistakes that read a fan-in or a square weight matrix, and the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.nn import NetworkRun


@dataclass(frozen=True)
class PaddedRun(NetworkRun):
    """An engine pass over padded networks, with each variant's real units per layer."""

    sizes: np.ndarray | None = None  # (N, layers + 1), inputs first


def sizes(run: NetworkRun) -> np.ndarray:
    """(N, layers + 1): the real units per layer of every variant, inputs first."""
    if isinstance(run, PaddedRun) and run.sizes is not None:
        return run.sizes
    widths = [run.layers[0].inputs.shape[1], *(layer.out.shape[1] for layer in run.layers)]
    return np.broadcast_to(np.array(widths), (len(run.loss), len(widths)))


def real(run: NetworkRun, layer: int) -> np.ndarray:
    """(N, width) True for the real units of a layer (0 the first hidden layer)."""
    width = run.layers[layer].out.shape[1]
    return np.arange(width) < sizes(run)[:, layer + 1, None]


def pad(numbers: Sequence[Mapping[str, np.ndarray]], layers: int) -> dict[str, np.ndarray]:
    """Same-named arrays of networks (x, t, w0, b0 ...) stacked, zero-padded to the widest."""
    widths = [max(len(n["x"]) for n in numbers)]
    widths += [max(len(n[f"b{layer}"]) for n in numbers) for layer in range(layers)]
    out = {name: np.zeros((len(numbers), *shape)) for name, shape in _shapes(widths).items()}
    out["t"] = np.array([n["t"] for n in numbers])
    alike: dict[tuple[int, ...], list[int]] = {}  # variants of one real shape: one block each
    for v, network in enumerate(numbers):
        shape = (len(network["x"]), *(len(network[f"b{k}"]) for k in range(layers)))
        alike.setdefault(shape, []).append(v)
    for rows in alike.values():
        for name in out.keys() - {"t"}:
            block = np.array([numbers[v][name] for v in rows])
            corner = out[name][(slice(None), *(slice(0, k) for k in block.shape[1:]))]
            corner[rows] = block  # a view: this writes into out[name]
    return out


def _shapes(widths: Sequence[int]) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {"x": (widths[0],)}
    for layer in range(len(widths) - 1):
        shapes[f"w{layer}"] = (widths[layer + 1], widths[layer])
        shapes[f"b{layer}"] = (widths[layer + 1],)
    return shapes
