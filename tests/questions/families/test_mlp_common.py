"""Drawing networks, the padded batched engine pass, and the independent numpy oracle."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nn import NetworkBatch, forward_backward
from questions.families.base import rng_for, stack
from questions.families.mlp_common import (
    ACTIVATIONS,
    BCE,
    LEVEL_SPECS,
    LOSSES,
    SIGMOID,
    conditioned,
    draw_network,
    masks,
    mazur_params,
    names,
    oracle_delta,
    oracle_loss,
    oracle_weight_gradient,
    run_network,
)
from questions.families.mlp_mistakes import backward


def _batch(level: int, n: int = 300, outputs=(1, 2)) -> dict[str, np.ndarray]:
    return stack([draw_network(rng_for("test", level, s), level, outputs) for s in range(n)])


def test_mazur_loss_and_names() -> None:
    assert oracle_loss(mazur_params())[0] == pytest.approx(0.298371109, abs=1e-9)
    n = names(2, 2, 2)
    assert n.weights[1][0][0] == "w5"  # h1 -> o1
    assert n.weights[1][1][0] == "w7"  # h1 -> o2
    assert n.units[1] == ("h1", "h2")


@pytest.mark.parametrize("level", [1, 2, 3])
def test_draws_stay_inside_the_level(level: int) -> None:
    params, spec = _batch(level), LEVEL_SPECS[level]
    shapes = set(zip(params["n_in"], params["n_hid"], params["n_out"], strict=True))
    assert shapes <= {tuple(float(v) for v in s) for s in spec.shapes}
    assert set(params["act_h"].astype(int)) <= set(spec.hidden)
    assert set(params["loss"].astype(int)) <= set(spec.losses)
    bce = params["loss"] == BCE
    assert np.all(params["act_o"][bce] == SIGMOID)  # cross-entropy reads a probability
    assert set(params["t"][bce].ravel()) <= {0.0, 1.0}
    in_mask, hid_mask, out_mask = masks(params)
    assert np.all(params["x"][~in_mask] == 0) and np.all(params["x"][in_mask] != 0)
    assert np.all(params["w1"][~(hid_mask[:, :, None] & in_mask[:, None, :])] == 0)
    assert np.all(np.abs(params["w1"][hid_mask[:, :, None] & in_mask[:, None, :]]) >= 0.05)
    assert np.all(params["w2"] == np.round(params["w2"], 2))
    assert np.all(params["t"][~out_mask] == 0)


def test_a_draw_is_the_same_from_the_same_seed() -> None:
    a = draw_network(rng_for("x", 3, 7), 3)
    b = draw_network(rng_for("x", 3, 7), 3)
    assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_padded_run_equals_each_network_run_on_its_own(level: int) -> None:
    params = _batch(level, n=40)
    run = run_network(params)
    for v in range(40):
        i, h, o = (int(params[k][v]) for k in ("n_in", "n_hid", "n_out"))
        alone = forward_backward(
            NetworkBatch(
                inputs=params["x"][v : v + 1, :i],
                targets=params["t"][v : v + 1, :o],
                weights=(params["w1"][v : v + 1, :h, :i], params["w2"][v : v + 1, :o, :h]),
                biases=(params["b1"][v : v + 1, :h], params["b2"][v : v + 1, :o]),
                activations=(
                    ACTIVATIONS[int(params["act_h"][v])],
                    ACTIVATIONS[int(params["act_o"][v])],
                ),
                loss=LOSSES[int(params["loss"][v])],
                learning_rate=0.5,
            )
        )
        hidden, output = alone.layers
        np.testing.assert_allclose(run.delta_h[v, :h], hidden.delta[0], rtol=1e-12)
        np.testing.assert_allclose(run.grad_w1[v, :h, :i], hidden.grad_weights[0], rtol=1e-12)
        np.testing.assert_allclose(run.grad_w2[v, :o, :h], output.grad_weights[0], rtol=1e-12)
        np.testing.assert_allclose(run.new_w2[v, :o, :h], output.new_weights[0], rtol=1e-12)
        assert not run.h_out[v, h:].any() and not run.grad_w2[v, :, h:].any()


@pytest.mark.parametrize("level", [1, 2, 3])
def test_oracle_agrees_with_the_engine_for_every_weight_and_unit(level: int) -> None:
    params = _batch(level, n=200)
    run = run_network(params)
    rows, smooth = np.arange(200), conditioned(params, run)  # no unit at a ReLU kink
    for j in range(2):
        for i in range(2):  # every drawn network has at least 2 inputs and 2 hidden units
            for layer, grads in ((0, run.grad_w1), (1, run.grad_w2)):
                ask = [np.full(200, v) for v in (layer, j, i)]
                ok = smooth & (params["n_out"] > j) if layer else smooth
                np.testing.assert_allclose(
                    oracle_weight_gradient(params, *ask)[ok], grads[rows, j, i][ok], atol=1e-8
                )
        delta = oracle_delta(params, np.zeros(200, dtype=int), np.full(200, j))
        np.testing.assert_allclose(delta[smooth], run.delta_h[smooth, j], atol=1e-8)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_mistake_free_backward_reproduces_the_engine(level: int) -> None:
    params = _batch(level)
    run = run_network(params)
    right = backward(params, run)
    np.testing.assert_allclose(right.delta_o, run.delta_o, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(right.delta_h, run.delta_h, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(right.grad_w1, run.grad_w1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(right.grad_w2, run.grad_w2, rtol=1e-12, atol=1e-15)
