"""Networks of different widths and activations read as one pass: padded, then run together.

Variants that share their loss and output size are padded to one width per layer below the
output: a padded input is 0 and a padded unit has zero weights in and out, so no real value
or gradient changes (adding 0.0 is exact). The engine runs them as one pass, each variant
with its own activation per layer (engine.activations.per_variant, bit for bit what a pass of
that activation alone gives), read as one `PaddedRun`: `sizes` keeps each variant's real units
per layer (for the screen, the mistakes that read a fan-in or a square weight matrix, the text)
and `mixtures` which variants use which activation per layer (for what applies an
activation's rule).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
from numpy.typing import ArrayLike

from engine.activations import ACTIVATIONS, Activation
from engine.nn import NetworkBatch, NetworkRun, forward_backward


@dataclass(frozen=True)
class PaddedRun(NetworkRun):
    """Engine passes over padded networks end to end, with each variant's real units per layer
    and, where the activations differ between variants, each layer's `Mixture`."""

    sizes: np.ndarray | None = None  # (N, layers + 1), inputs first
    mixtures: tuple[Mixture, ...] | None = None  # per layer


@dataclass(frozen=True, eq=False)
class Mixture:
    """Which variants of a pass use which activation in one layer, worked out once per pass:
    applying each variant's rule is then one computation per activation present and a copy of
    its rows, with no comparison of names on the way."""

    names: list[str]  # each variant's activation
    present: tuple[tuple[Activation, np.ndarray], ...]  # each present one, with its rows (N,)

    @classmethod
    def of(cls, names: Sequence[str]) -> Mixture:
        """The mixture of these activations, one per variant."""
        column = np.array(names)
        present = tuple((ACTIVATIONS[name], column == name) for name in sorted(set(names)))
        return cls(list(names), present)

    def apply(self, compute: Callable[[Activation], np.ndarray]) -> np.ndarray:
        """compute(descriptor) for each variant's activation, (N, ...)."""
        if len(self.present) == 1:
            return compute(self.present[0][0])
        values = [np.asarray(compute(activation)) for activation, _ in self.present]
        shape = np.broadcast_shapes(*(value.shape for value in values))
        out = np.empty(shape, dtype=np.result_type(*values))
        for (_, rows), value in zip(self.present, values, strict=True):
            out[rows] = np.broadcast_to(value, shape)[rows]
        return out


def padded_run(batch: NetworkBatch, sizes: np.ndarray, mixtures: tuple[Mixture, ...]) -> PaddedRun:
    """One engine pass over equally padded networks of one loss, each variant with its own
    activation per layer (`mixtures`), as a PaddedRun."""
    mixed = any(len(mixture.present) > 1 for mixture in mixtures)
    if mixed:
        batch = replace(batch, each_activation=tuple(tuple(m.names) for m in mixtures))
    run = forward_backward(batch)
    return PaddedRun(
        **{f.name: getattr(run, f.name) for f in fields(NetworkRun)},
        sizes=sizes,
        mixtures=mixtures if mixed else None,
    )


def by_activation(
    run: NetworkRun, layer: int, compute: Callable[[Activation], np.ndarray]
) -> np.ndarray:
    """compute(descriptor) for each variant's activation of a layer."""
    if isinstance(run, PaddedRun) and run.mixtures is not None:
        return run.mixtures[layer].apply(compute)
    return compute(ACTIVATIONS[run.activations[layer]])


def activation_of(run: NetworkRun, layer: int, v: int) -> str:
    """The activation of a layer in variant v."""
    if isinstance(run, PaddedRun) and run.mixtures is not None:
        return run.mixtures[layer].names[v]
    return run.activations[layer]


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


def pad(numbers: Sequence[Mapping[str, ArrayLike]], sizes: np.ndarray) -> dict[str, np.ndarray]:
    """Networks' same-named arrays (x, t, w0, b0 ...) stacked, zero-padded to the widest;
    `sizes` (N, layers + 1) are their units per layer, inputs first."""
    out = {
        name: np.zeros((len(numbers), *shape)) for name, shape in _shapes(sizes.max(axis=0)).items()
    }
    out["t"] = np.array([n["t"] for n in numbers])
    alike: dict[tuple[int, ...], list[int]] = {}  # variants of one real shape: one block each
    for v, shape in enumerate(map(tuple, sizes.tolist())):
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
