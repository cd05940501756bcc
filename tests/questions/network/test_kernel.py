"""The network kernel: any depth solved in one pass, asked through Ask, mistakes as objects."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from engine.nn import forward_backward
from questions.families.base import stack
from questions.mistakes import MISTAKES
from questions.network import mistakes as mk
from questions.network.ask import Ask
from questions.network.kernel import Shape, batch, draw, solve, variant_of

SHAPES = [
    Shape((2, 2, 1), ("sigmoid", "sigmoid")),
    Shape((2, 3, 2, 2), ("tanh", "relu", "identity"), "mse"),
    Shape((1, 2, 2, 2, 1), ("tanh", "leaky_relu", "softplus", "sigmoid"), "bce"),
    Shape((3, 2, 2, 2, 2, 2), ("tanh",) * 5, "sse"),
]
ALL = (mk.NoSlope(), mk.NoHiddenSlopes(), mk.SlopeAtNet(), mk.OnePath(), mk.FlippedError())


def _params(shape: Shape, n: int = 40) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return stack([draw(rng, shape) for _ in range(n)])


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(map(str, s.sizes)))
def test_every_depth_is_solved_in_one_pass_and_agrees_with_the_oracle(shape: Shape) -> None:
    params = _params(shape)
    asks = [Ask("grad_weights", 0, v % shape.sizes[1], v % shape.sizes[0]) for v in range(40)]
    solved = solve(params, shape, asks, ALL)
    kept = ~np.isnan(solved.answer)
    assert kept.any()
    np.testing.assert_allclose(solved.answer[kept], solved.check[kept], rtol=1e-6, atol=1e-9)


def test_an_ask_reads_its_quantity_off_the_run() -> None:
    shape = SHAPES[1]
    run = forward_backward(batch(_params(shape), shape))
    assert np.array_equal(Ask("delta", 0, 2).value(run), run.layers[0].delta[:, 2])
    weight = Ask("new_weights", 2, 1, 0)
    assert weight.on_weight
    assert np.array_equal(weight.value(run), run.layers[2].new_weights[:, 1, 0])
    with pytest.raises(ValueError, match="unknown quantity"):
        Ask("gradient", 0, 0)


def test_the_numpy_backward_pass_reproduces_the_engine_when_nothing_is_wrong() -> None:
    shape = SHAPES[3]
    run = forward_backward(batch(_params(shape), shape))
    for delta, layer in zip(mk.backward(run), run.layers, strict=True):
        np.testing.assert_allclose(delta, layer.delta, rtol=1e-12, atol=1e-15)


def test_each_mistake_names_a_known_mistake_and_changes_the_answer() -> None:
    shape = SHAPES[2]
    run = forward_backward(batch(_params(shape), shape))
    ask = Ask("grad_weights", 0, 1, 0)
    for mistake in ALL:
        assert mistake.explanation == MISTAKES[mistake.id].explanation
        assert np.any(np.abs(mistake.value(run, ask) - ask.value(run)) > 1e-9)


def test_build_gets_the_batch_pass_back_for_one_variant() -> None:
    shape = SHAPES[1]
    params = _params(shape)
    asks = [Ask("delta", 0, 0)] * 40
    solved = solve(params, shape, asks, ALL)
    variant = variant_of(solved.row(5))
    whole = forward_backward(batch(params, shape))
    assert variant.run.layers[1].delta[variant.index, 1] == whole.layers[1].delta[5, 1]
    assert variant.run.loss[variant.index] == whole.loss[5] and variant.run.loss_name == "mse"


def test_asks_of_one_kind_are_answered_together_indexed_per_variant() -> None:
    shape = SHAPES[1]
    params = _params(shape)
    asks = [Ask("new_weights", v % 3, v % 2, v % 2, change=v % 4 == 0) for v in range(40)]
    solved = solve(params, shape, asks, (mk.FlippedError(),))
    run = forward_backward(batch(params, shape))
    for v, ask in enumerate(asks):
        layer = run.layers[ask.layer]
        new = layer.new_weights[v, v % 2, v % 2]
        expected = new - layer.weights[v, v % 2, v % 2] if ask.change else new
        if np.isfinite(solved.answer[v]):
            assert solved.answer[v] == expected
            assert solved.check[v] == pytest.approx(expected, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(map(str, s.sizes)))
def test_a_draw_is_the_numbers_uniform_would_give_one_by_one(shape: Shape) -> None:
    for seed in range(50):
        drawn, rng = draw(np.random.default_rng(seed), shape), np.random.default_rng(seed)
        assert np.array_equal(drawn["x"], np.round(rng.uniform(-1, 1, shape.sizes[0]), 1))
        for layer, (n_in, n_out) in enumerate(pairwise(shape.sizes)):
            assert np.array_equal(
                drawn[f"w{layer}"], np.round(rng.uniform(-1, 1, (n_out, n_in)), 2)
            )
            assert np.array_equal(drawn[f"b{layer}"], np.round(rng.uniform(-0.5, 0.5, n_out), 2))
        if shape.loss == "bce":
            expected = (rng.random(shape.sizes[-1]) < 0.5).astype(float)
        else:
            expected = np.round(rng.uniform(0.05, 0.95, shape.sizes[-1]), 2)
        assert np.array_equal(drawn["t"], expected)
