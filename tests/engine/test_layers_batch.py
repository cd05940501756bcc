"""A batch of variants through the layer ops equals each variant run alone, to the last bit.

QuestionKey's promise: a question regenerated alone equals the same question generated
among many, so every layer's forward and backward must not depend on the number of variants.
"""

from __future__ import annotations

import numpy as np

from engine import Tensor, ops, variable


def test_a_batch_of_layers_equals_each_variant_alone_to_the_last_bit() -> None:
    rng = np.random.default_rng(11)
    arrays = {
        "x": rng.normal(size=(12, 4, 1, 9, 9)),
        "k": rng.normal(size=(12, 3, 1, 3, 3)),
        "kb": rng.normal(size=(12, 3)),
        "w": rng.normal(size=(12, 48, 5)),
        "g": rng.normal(size=(12, 5)),
        "q": rng.normal(size=(12, 4, 5)),
    }
    y = rng.integers(0, 5, size=(12, 4))

    def run(part: slice) -> list[np.ndarray]:
        t = {name: variable(a[part]) for name, a in arrays.items()}
        h = ops.max_pool2d(ops.conv2d(t["x"], t["k"], t["kb"], 1, 1), 2, 2)
        z = ops.batch_norm(h.reshape(4, -1) @ t["w"], t["g"], t["g"])
        z = ops.layer_norm(ops.attention(z, t["q"], z, causal=True), t["g"], None)
        loss = ops.cross_entropy(
            ops.dropout(ops.tanh(z), (z.value > 0) * 1.0, 0.5), Tensor(y[part])
        )
        loss = loss + ops.avg_pool2d(t["x"], 3).sum()
        loss.backward()
        return [loss.value, *(t[name].grad for name in arrays)]

    together = run(slice(None))
    for k in (0, 5, 11):
        for batch, single in zip(together, run(slice(k, k + 1)), strict=True):
            np.testing.assert_array_equal(batch[k], single[0])


def test_the_benchmarks_mlp_block_in_a_batch_equals_each_variant_alone() -> None:
    rng = np.random.default_rng(12)
    shapes = {"X": (32, 30), "W1": (30, 64), "b1": (64,), "g": (64,), "W2": (64, 27)}
    arrays = {name: rng.normal(size=(40, *shape)) for name, shape in shapes.items()}
    y = rng.integers(0, 27, size=(40, 32))

    def run(part: slice) -> list[np.ndarray]:
        t = {name: variable(a[part]) for name, a in arrays.items()}
        h = ops.batch_norm(t["X"] @ t["W1"] + t["b1"], t["g"], t["b1"])
        loss = ops.cross_entropy(ops.tanh(h) @ t["W2"], Tensor(y[part]))
        loss.backward()
        return [loss.value, *(t[name].grad for name in arrays)]

    together = run(slice(None))
    for k in (0, 39):
        for batch, single in zip(together, run(slice(k, k + 1)), strict=True):
            np.testing.assert_array_equal(batch[k], single[0])
