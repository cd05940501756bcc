"""A network question's numbers: the engine's value of the asked quantity and an oracle.

The engine (engine.nn) solves every variant of a network in one batched pass. The oracle is
a separate plain-numpy forward pass, differentiated by central differences for the asked
quantity alone, so a variant is only ever shown when the two agree. Variants for exports are
the pack's network with its weights and biases nudged by a generator seeded from the pack
id, the question id, the export seed and the variant number.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from engine.activations import ACTIVATIONS
from engine.nn import NetworkBatch, NetworkRun
from engine.spec import NetworkSpec
from questions.network.oracle import oracle as oracle  # re-exported: it lives in the kernel
from questions.network.oracle import oracle_forward as oracle_forward
from questions.packs.model import Quantity

CHECK_RTOL = 1e-6
CHECK_ATOL = 1e-9
KINK = 1e-2  # a ReLU unit's |net| below this is too near the kink to differentiate reliably
NUDGE = 0.2  # each weight and bias moves by at most this much in a variant


def batch_of(spec: NetworkSpec, variants: int = 1) -> NetworkBatch:
    """The spec's own network repeated `variants` times."""
    one = NetworkBatch.from_spec(spec)
    return NetworkBatch(
        inputs=np.repeat(one.inputs, variants, axis=0),
        targets=np.repeat(one.targets, variants, axis=0),
        weights=tuple(np.repeat(w, variants, axis=0) for w in one.weights),
        biases=tuple(np.repeat(b, variants, axis=0) for b in one.biases),
        activations=one.activations,
        loss=one.loss,
        learning_rate=np.full(variants, spec.learning_rate),
    )


def variant_rngs(pack: str, question: str, seed: int, count: int) -> list[np.random.Generator]:
    """One generator per variant, from the pack id, question id, export seed and variant."""
    base = [zlib.crc32(pack.encode()), zlib.crc32(question.encode()), seed]
    return [np.random.default_rng([*base, k]) for k in range(count)]


def nudge(batch: NetworkBatch, rows: Sequence[int], rngs: Sequence[np.random.Generator]) -> None:
    """Redraw the weights and biases of the given rows (in place) from their generators.

    Each value becomes the spec's value plus a uniform nudge in [-NUDGE, NUDGE], rounded to
    two decimals, so a variant reads like a hand-written network.
    """
    for row in rows:
        rng = rngs[row]
        for w, b in zip(batch.weights, batch.biases, strict=True):
            w[row] = np.round(w[row] + rng.uniform(-NUDGE, NUDGE, w[row].shape), 2)
            b[row] = np.round(b[row] + rng.uniform(-NUDGE, NUDGE, b[row].shape), 2)


def pick(run: NetworkRun, ask: Quantity) -> np.ndarray:
    """The asked quantity for every variant, shape (N,)."""
    if ask.name == "loss":
        return np.asarray(run.loss, dtype=np.float64).reshape(-1)
    values = getattr(run.layers[ask.layer], ask.name)
    if ask.name in ("grad_weights", "new_weights"):
        return values[:, ask.unit, ask.source]
    return values[:, ask.unit]


def near_kink(run: NetworkRun) -> np.ndarray:
    """Variants with a ReLU or leaky ReLU unit whose net is within KINK of 0, shape (N,)."""
    bad = np.zeros(run.layers[0].net.shape[0], dtype=bool)
    for layer, name in zip(run.layers, run.activations, strict=True):
        if ACTIVATIONS[name].kink:
            bad |= (np.abs(layer.net) < KINK).any(axis=1)
    return bad


def agrees(answer: np.ndarray, check: np.ndarray) -> np.ndarray:
    """Where the engine's value and the oracle's agree to CHECK_RTOL, shape (N,)."""
    return np.isfinite(answer) & (np.abs(answer - check) <= CHECK_RTOL * np.abs(check) + CHECK_ATOL)
