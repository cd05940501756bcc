"""Dense networks: the classic worked example, agreement with autograd, batching, unit names."""

from __future__ import annotations

from itertools import pairwise

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.gradcheck import relative_error
from engine.nn import (
    ACTIVATIONS,
    LAYER_QUANTITIES,
    NetworkBatch,
    NetworkRun,
    forward_backward,
    unit_names,
)
from engine.spec import ACTIVATION_NAMES, LOSS_NAMES, LayerSpec, NetworkSpec

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


# --- agreement with HIPS autograd on random networks ---------------------------------------

REFERENCE_ACTIVATIONS = {
    "sigmoid": lambda x: 1.0 / (1.0 + anp.exp(-x)),
    "tanh": anp.tanh,
    "relu": lambda x: anp.where(x > 0, x, 0.0),
    "leaky_relu": lambda x: anp.where(x > 0, x, 0.01 * x),
    "identity": lambda x: x,
    "softplus": lambda x: anp.logaddexp(0.0, x),
}


def _logsumexp(z):
    top = anp.max(z)
    return top + anp.log(anp.sum(anp.exp(z - top)))


REFERENCE_LOSSES = {
    "half_sse": lambda o, t: 0.5 * anp.sum((t - o) ** 2),
    "sse": lambda o, t: anp.sum((t - o) ** 2),
    "mse": lambda o, t: anp.mean((t - o) ** 2),
    "bce": lambda o, t: -anp.mean(t * anp.log(o) + (1 - t) * anp.log(1 - o)),
    "softmax_ce": lambda z, t: -anp.sum(t * (z - _logsumexp(z))),
}


def _reference_tail(spec: NetworkSpec, start: int, entering_net: bool):
    """Loss as a function of layer `start`'s net (or of its out), for autograd."""

    def tail(value):
        layers = spec.layers
        h = REFERENCE_ACTIVATIONS[layers[start].activation](value) if entering_net else value
        for layer in layers[start + 1 :]:
            w, b = np.array(layer.weights), np.array(layer.biases)
            h = REFERENCE_ACTIVATIONS[layer.activation](anp.dot(w, h) + b)
        return REFERENCE_LOSSES[spec.loss](h, np.array(spec.targets))

    return tail


def _reference_loss(spec: NetworkSpec):
    def loss(params):
        h = np.array(spec.inputs)
        for (w, b), layer in zip(params, spec.layers, strict=True):
            h = REFERENCE_ACTIVATIONS[layer.activation](anp.dot(w, h) + b)
        return REFERENCE_LOSSES[spec.loss](h, np.array(spec.targets))

    return loss


numbers = st.floats(-2.0, 2.0, allow_nan=False)


@st.composite
def networks(draw) -> NetworkSpec:
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    loss = draw(st.sampled_from(LOSS_NAMES))
    if loss == "softmax_ce":
        sizes[-1] = max(sizes[-1], 2)
    activations = [draw(st.sampled_from(ACTIVATION_NAMES)) for _ in sizes[1:]]
    if loss == "bce":
        activations[-1] = "sigmoid"
    layers = tuple(
        LayerSpec(
            tuple(tuple(draw(numbers) for _ in range(n_in)) for _ in range(n_out)),
            tuple(draw(numbers) for _ in range(n_out)),
            activation,
        )
        for n_in, n_out, activation in zip(sizes, sizes[1:], activations, strict=False)
    )
    if loss == "softmax_ce":
        raw = [draw(st.floats(0.0, 1.0)) + 1e-3 for _ in range(sizes[-1])]
        targets = tuple(r / sum(raw) for r in raw)
    elif loss == "bce":
        targets = tuple(draw(st.floats(0.0, 1.0)) for _ in range(sizes[-1]))
    else:
        targets = tuple(draw(numbers) for _ in range(sizes[-1]))
    inputs = tuple(draw(numbers) for _ in range(sizes[0]))
    return NetworkSpec(inputs, targets, loss, draw(st.floats(0.01, 1.0)), layers)


@settings(max_examples=80, deadline=None)
@given(networks())
def test_every_gradient_equals_autograds(spec: NetworkSpec) -> None:
    run = forward_backward(NetworkBatch.from_spec(spec))
    params = [(np.array(la.weights), np.array(la.biases)) for la in spec.layers]
    assert run.loss[0] == pytest.approx(_reference_loss(spec)(params), rel=1e-12, abs=1e-15)
    expected = grad(_reference_loss(spec))(params)
    # Relative to the gradient, or to 1e-6 for smaller ones: a gradient that is a difference of
    # O(1) terms (p - t with p ~ t) carries their rounding, ~1e-17, which two correct
    # implementations need not share. 1e-9 of 1e-6 still allows only 1e-15 absolute.
    for layer, (gw, gb) in zip(run.layers, expected, strict=True):
        assert relative_error(layer.grad_weights[0], gw, floor=1e-6) <= 1e-9
        assert relative_error(layer.grad_biases[0], gb, floor=1e-6) <= 1e-9
    for position, layer in enumerate(run.layers):
        grad_out = grad(_reference_tail(spec, position, entering_net=False))(layer.out[0])
        delta = grad(_reference_tail(spec, position, entering_net=True))(layer.net[0])
        assert relative_error(layer.grad_out[0], grad_out, floor=1e-6) <= 1e-9
        assert relative_error(layer.delta[0], delta, floor=1e-6) <= 1e-9


# --- batching ---------------------------------------------------------------------------------


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
