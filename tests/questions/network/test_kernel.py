"""The network kernel: any depth solved in one pass, asked through Ask, mistakes as objects."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nn import forward_backward
from questions.families.base import stack
from questions.mistakes import MISTAKES
from questions.network import mistakes as mk
from questions.network.ask import Ask
from questions.network.kernel import Shape, batch, draw, run_of, solve

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
    row = solved.row(5)
    one = run_of(row.extra, shape)
    whole = forward_backward(batch(params, shape))
    assert one.layers[1].delta[0, 1] == whole.layers[1].delta[5, 1]
    assert one.loss[0] == whole.loss[5] and one.loss_name == "mse"
