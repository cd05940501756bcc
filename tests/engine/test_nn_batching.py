"""Dense networks in batches: N variants in one pass equal N single runs, bit for bit."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.activations import ACTIVATIONS
from engine.nn import (
    LAYER_QUANTITIES,
    NetworkBatch,
    NetworkRun,
    forward_backward,
)
from engine.spec import LayerSpec, NetworkSpec
from tests.engine.network_strategies import networks


def _stack(specs: list[NetworkSpec]) -> NetworkBatch:
    singles = [NetworkBatch.from_spec(s) for s in specs]
    return NetworkBatch(
        inputs=np.concatenate([b.inputs for b in singles]),
        targets=np.concatenate([b.targets for b in singles]),
        weights=tuple(np.concatenate(ws) for ws in zip(*(b.weights for b in singles), strict=True)),
        biases=tuple(np.concatenate(bs) for bs in zip(*(b.biases for b in singles), strict=True)),
        activations=singles[0].activations,
        loss=singles[0].loss,
        learning_rate=np.array([s.learning_rate for s in specs]),
    )


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_n_variants_in_one_pass_equal_n_single_runs(data) -> None:
    first = data.draw(networks())
    specs = [first]
    for _ in range(data.draw(st.integers(1, 4))):
        other = data.draw(networks())
        # Same shape, activations and loss as the first; values of the other.
        rng = np.random.default_rng(len(specs))
        layers = tuple(
            LayerSpec(
                tuple(map(tuple, rng.uniform(-2, 2, np.shape(la.weights)))),
                tuple(rng.uniform(-2, 2, la.units)),
                la.activation,
            )
            for la in first.layers
        )
        inputs = tuple(rng.uniform(-2, 2, len(first.inputs)))
        specs.append(NetworkSpec(inputs, first.targets, first.loss, other.learning_rate, layers))
    batched = forward_backward(_stack(specs))
    assert batched.loss.shape == (len(specs),)
    for k, spec in enumerate(specs):
        single = forward_backward(NetworkBatch.from_spec(spec))
        assert_same_bits(batched, k, single)


def assert_same_bits(batched: NetworkRun, k: int, single: NetworkRun) -> None:
    """Variant k of a batched run equals a single run to the last bit (QuestionKey's promise)."""
    assert batched.loss[k] == single.loss[0]
    for mine, theirs in zip(batched.layers, single.layers, strict=True):
        for field in LAYER_QUANTITIES:
            np.testing.assert_array_equal(getattr(mine, field)[k], getattr(theirs, field)[0])


@pytest.mark.parametrize(("loss", "units"), [("mse", 20), ("softmax_ce", 5), ("half_sse", 3)])
def test_a_large_batch_equals_single_runs_bit_for_bit(loss: str, units: int) -> None:
    rng = np.random.default_rng(units)
    sizes, count = (6, 18, units), 150
    targets = (
        rng.dirichlet(np.ones(units), count)
        if loss == "softmax_ce"
        else rng.uniform(0, 1, (count, units))
    )
    batch = NetworkBatch(
        inputs=rng.uniform(-2, 2, (count, sizes[0])),
        targets=targets,
        weights=tuple(rng.uniform(-1, 1, (count, m, n)) for n, m in pairwise(sizes)),
        biases=tuple(rng.uniform(-1, 1, (count, m)) for m in sizes[1:]),
        activations=("tanh", "identity"),
        loss=loss,
        learning_rate=0.1,
    )
    batched = forward_backward(batch)
    for k in (0, 1, 77, count - 1):
        one = NetworkBatch(
            inputs=batch.inputs[k : k + 1],
            targets=batch.targets[k : k + 1],
            weights=tuple(w[k : k + 1] for w in batch.weights),
            biases=tuple(b[k : k + 1] for b in batch.biases),
            activations=batch.activations,
            loss=loss,
            learning_rate=0.1,
        )
        assert_same_bits(batched, k, forward_backward(one))


@pytest.mark.parametrize("loss", ["half_sse", "mse", "softmax_ce"])
def test_variants_with_their_own_activations_in_one_pass_equal_single_runs(loss: str) -> None:
    rng = np.random.default_rng(7)
    names = sorted(ACTIVATIONS)
    sizes, count = (3, 4, 3, 2), 40
    each = tuple(tuple(rng.choice(names, count)) for _ in sizes[1:])
    batch = NetworkBatch(
        inputs=rng.uniform(-2, 2, (count, sizes[0])),
        targets=rng.dirichlet(np.ones(sizes[-1]), count),
        weights=tuple(rng.uniform(-2, 2, (count, o, i)) for i, o in pairwise(sizes)),
        biases=tuple(rng.uniform(-1, 1, (count, o)) for o in sizes[1:]),
        activations=tuple(layer[0] for layer in each),
        loss=loss,
        learning_rate=0.5,
        each_activation=each,
    )
    mixed = forward_backward(batch)
    for k in range(count):
        alone = NetworkBatch(
            inputs=batch.inputs[k : k + 1],
            targets=batch.targets[k : k + 1],
            weights=tuple(w[k : k + 1] for w in batch.weights),
            biases=tuple(b[k : k + 1] for b in batch.biases),
            activations=tuple(layer[k] for layer in each),
            loss=loss,
            learning_rate=0.5,
        )
        assert_same_bits(mixed, k, forward_backward(alone))
