"""Some variants of a batch or of its engine pass, as a batch or pass of their own."""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

from engine.nn import LayerRun, NetworkBatch, NetworkRun
from questions.network.padded import PaddedRun


def batch_rows(batch: NetworkBatch, rows: np.ndarray) -> NetworkBatch:
    """The variants `rows` of a batch."""
    if len(rows) == batch.variants:
        return batch
    rate = np.broadcast_to(np.asarray(batch.learning_rate, dtype=np.float64), (batch.variants,))
    return replace(
        batch,
        inputs=batch.inputs[rows],
        targets=batch.targets[rows],
        weights=tuple(w[rows] for w in batch.weights),
        biases=tuple(b[rows] for b in batch.biases),
        learning_rate=rate[rows],
    )


def run_rows(run: NetworkRun, rows: np.ndarray) -> NetworkRun:
    """The variants `rows` of an engine pass."""
    if len(rows) == len(run.loss):
        return run
    layers = tuple(
        LayerRun(**{f.name: getattr(layer, f.name)[rows] for f in fields(LayerRun)})
        for layer in run.layers
    )
    if isinstance(run, PaddedRun) and run.sizes is not None:
        run = replace(run, sizes=run.sizes[rows])
    return replace(
        run,
        layers=layers,
        loss=run.loss[rows],
        outputs=run.outputs[rows],
        probabilities=None if run.probabilities is None else run.probabilities[rows],
        targets=run.targets[rows],
        learning_rate=run.learning_rate[rows],
    )
