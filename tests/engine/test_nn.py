"""Dense networks: the classic worked example, the step after the gradients, dead units, names.

Agreement with autograd is in test_nn_autograd.py, batching in test_nn_batching.py."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nn import (
    ACTIVATIONS,
    NetworkBatch,
    forward_backward,
    unit_names,
)
from engine.spec import ACTIVATION_NAMES, LayerSpec, NetworkSpec

MAZUR = NetworkSpec(
    inputs=(0.05, 0.10),
    targets=(0.01, 0.99),
    loss="half_sse",
    learning_rate=0.5,
    layers=(
        LayerSpec(((0.15, 0.20), (0.25, 0.30)), (0.35, 0.35), "sigmoid"),
        LayerSpec(((0.40, 0.45), (0.50, 0.55)), (0.60, 0.60), "sigmoid"),
    ),
)


def test_mazur_classic_2_2_2_network() -> None:
    run = forward_backward(NetworkBatch.from_spec(MAZUR))
    hidden, output = run.layers
    assert run.loss.shape == (1,)
    assert run.loss[0] == pytest.approx(0.298371109, abs=5e-10)
    assert hidden.out[0] == pytest.approx([0.593269992, 0.596884378], abs=5e-10)
    assert run.outputs[0] == pytest.approx([0.75136507, 0.772928465], abs=5e-9)
    # w5 (h1 -> o1): dE/dw5 = 0.082167041, new w5 = 0.35891648
    assert output.grad_weights[0, 0, 0] == pytest.approx(0.082167041, abs=5e-10)
    np.testing.assert_allclose(
        output.new_weights[0], [[0.35891648, 0.408666186], [0.511301270, 0.561370121]], atol=5e-9
    )
    # w1 (i1 -> h1): new w1 = 0.149780716
    np.testing.assert_allclose(
        hidden.new_weights[0], [[0.149780716, 0.19956143], [0.24975114, 0.29950229]], atol=5e-9
    )
    assert output.local[0] == pytest.approx(output.out[0] * (1 - output.out[0]))
    assert output.grad_out[0] == pytest.approx(run.outputs[0] - np.array(MAZUR.targets))
    assert np.allclose(output.delta, output.grad_out * output.local)
    assert np.allclose(output.grad_biases, output.delta)
    assert run.probabilities is None


def test_gradients_are_taken_before_the_step() -> None:
    run = forward_backward(NetworkBatch.from_spec(MAZUR))
    for layer in run.layers:
        assert np.allclose(layer.new_weights, layer.weights - 0.5 * layer.grad_weights)
        assert np.allclose(layer.new_biases, layer.biases - 0.5 * layer.grad_biases)
    hidden, output = run.layers
    # The hidden delta flows back through the *old* output weights.
    assert np.allclose(hidden.grad_out[0], output.weights[0].T @ output.delta[0])


def test_softmax_ce_reports_probabilities_and_p_minus_t_at_the_logits() -> None:
    spec = NetworkSpec(
        inputs=(1.0, -1.0),
        targets=(0.0, 1.0, 0.0),
        loss="softmax_ce",
        learning_rate=0.1,
        layers=(LayerSpec(((0.2, 0.1), (-0.3, 0.4), (0.5, 0.0)), (0.0, 0.1, -0.1), "identity"),),
    )
    run = forward_backward(NetworkBatch.from_spec(spec))
    p = run.probabilities[0]
    logits = run.outputs[0]
    assert p == pytest.approx(np.exp(logits) / np.exp(logits).sum())
    assert run.layers[0].delta[0] == pytest.approx(p - np.array(spec.targets))
    assert run.loss[0] == pytest.approx(-np.log(p[1]))


def test_a_dead_relu_layer_gives_zero_gradients_behind_it() -> None:
    spec = NetworkSpec(
        inputs=(1.0,),
        targets=(1.0,),
        loss="sse",
        learning_rate=0.1,
        layers=(
            LayerSpec(((-1.0,),), (0.0,), "relu"),
            LayerSpec(((2.0,),), (0.5,), "identity"),
        ),
    )
    hidden, output = forward_backward(NetworkBatch.from_spec(spec)).layers
    assert output.grad_out[0, 0] == pytest.approx(2 * (0.5 - 1.0))
    assert hidden.delta[0, 0] == 0.0
    assert hidden.grad_weights[0, 0, 0] == 0.0
    assert hidden.new_weights[0, 0, 0] == -1.0


def test_every_activation_name_has_an_op() -> None:
    assert set(ACTIVATIONS) == set(ACTIVATION_NAMES)


# --- unit names --------------------------------------------------------------------------------


def test_unit_names_follow_mazurs_numbering() -> None:
    names = unit_names((2, 2, 2))
    assert names.units == (("i1", "i2"), ("h1", "h2"), ("o1", "o2"))
    assert names.weights == ((("w1", "w2"), ("w3", "w4")), (("w5", "w6"), ("w7", "w8")))
    assert names.biases == (("b_h1", "b_h2"), ("b_o1", "b_o2"))


def test_deeper_networks_number_their_hidden_layers() -> None:
    names = unit_names((3, 2, 1, 2))
    assert names.units == (("i1", "i2", "i3"), ("h1_1", "h1_2"), ("h2_1",), ("o1", "o2"))
    assert names.weights[0] == (("w1", "w2", "w3"), ("w4", "w5", "w6"))
    assert names.weights[1] == (("w7", "w8"),)
    assert names.weights[2] == (("w9",), ("w10",))
    assert names.biases[1] == ("b_h2_1",)


def test_a_single_layer_network_has_only_inputs_and_outputs() -> None:
    assert unit_names((1, 3)).units == (("i1",), ("o1", "o2", "o3"))
    with pytest.raises(ValueError, match="at least one layer"):
        unit_names((2,))
