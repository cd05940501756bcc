"""Drawing one-hidden-layer networks per level, and solving a batch of mixed shapes at once."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nn import NetworkBatch, forward_backward
from questions.families.base import rng_for
from questions.families.kit.small import LEVEL_SPECS, draw_network
from questions.network import mistakes as mk
from questions.network.ask import Ask
from questions.network.kernel import Network, solve_each


def _draws(level: int, n: int = 300, outputs: tuple[int, ...] = (1, 2)) -> list[Network]:
    return [draw_network(rng_for("test", level, s), level, outputs) for s in range(n)]


@pytest.mark.parametrize("level", [1, 2, 3])
def test_draws_stay_inside_the_level(level: int) -> None:
    spec = LEVEL_SPECS[level]
    for network in _draws(level):
        shape = network.shape
        numbers = {name: np.array(values) for name, values in network.numbers.items()}
        assert shape.sizes in spec.sizes and shape.loss in spec.losses
        assert shape.activations[0] in spec.hidden
        n_in, n_hid, n_out = shape.sizes
        assert numbers["x"].shape == (n_in,) and np.all(numbers["x"] != 0)
        assert numbers["w0"].shape == (n_hid, n_in) and numbers["w1"].shape == (n_out, n_hid)
        assert np.all(np.abs(numbers["w0"]) >= 0.05)
        assert np.all(numbers["w1"] == np.round(numbers["w1"], 2))
        if shape.loss == "bce":  # cross-entropy reads a probability against a 0/1 target
            assert shape.activations[1] == "sigmoid"
            assert set(numbers["t"]) <= {0.0, 1.0}
        else:
            assert shape.activations[1] in spec.output


def test_relu_outputs_get_targets_they_can_reach() -> None:
    relu = [d for d in _draws(3, 600) if d.shape.activations[1] == "relu"]
    targets = np.concatenate([np.array(d.numbers["t"]) for d in relu])
    assert relu and targets.max() > 0.5 and targets.min() >= 0.0


def test_a_draw_is_the_same_from_the_same_seed() -> None:
    a = draw_network(rng_for("x", 3, 7), 3, (1, 2))
    b = draw_network(rng_for("x", 3, 7), 3, (1, 2))
    assert a.shape == b.shape
    assert a.numbers == b.numbers


def test_a_batch_of_mixed_shapes_is_each_network_solved_on_its_own() -> None:
    draws = _draws(3, 60)
    asks = [Ask("delta", 0, v % 2) for v in range(60)]
    solved = solve_each(draws, asks, (mk.FlippedError(),), {"sigmoid": 3.0, "tanh": 2.0})
    assert len({d.shape for d in draws}) > 5
    for v, network in enumerate(draws):
        one = {name: np.array([values]) for name, values in network.numbers.items()}
        alone = forward_backward(
            NetworkBatch(
                inputs=one["x"],
                targets=one["t"],
                weights=(one["w0"], one["w1"]),
                biases=(one["b0"], one["b1"]),
                activations=network.shape.activations,
                loss=network.shape.loss,
                learning_rate=0.5,
            )
        )
        delta = alone.layers[0].delta[0, v % 2]
        if np.isfinite(solved.answer[v]):
            assert solved.answer[v] == delta
            assert solved.check[v] == pytest.approx(delta, rel=1e-6, abs=1e-9)
            flipped = solved.mistakes["error-sign"][v]
            assert flipped == -delta if delta else np.isnan(flipped)  # -0 is no mistake
        variant = solved.extra["variant"][v]
        assert variant.run.layers[0].delta[variant.index, v % 2] == delta
