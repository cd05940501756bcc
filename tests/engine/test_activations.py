"""The activation table: each entry's numpy twin agrees with its op, and a new entry is usable."""

from __future__ import annotations

import tomllib

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from engine import ops
from engine.activations import ACTIVATIONS, Activation
from engine.nn import NetworkBatch, forward_backward
from engine.spec import SpecError, spec_from_dict
from engine.tensor import variable

NETS = np.array([[-2.5, -0.7, -0.05, 0.05, 0.3, 1.9]])

NETWORK = """
[network]
inputs = [0.5, -0.4]
targets = [0.2]
loss = "half_sse"
learning_rate = 0.5
[[network.layers]]
weights = [[0.3, -0.6], [0.8, 0.1]]
biases = [0.1, -0.2]
activation = "{hidden}"
[[network.layers]]
weights = [[0.7, -0.5]]
biases = [0.05]
activation = "identity"
"""


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_numpy_twin_and_derivative_agree_with_the_op(name: str) -> None:
    activation = ACTIVATIONS[name]
    out = activation.op(variable(NETS))
    local = out.backward_rule(np.ones_like(out.value))[0]
    np.testing.assert_allclose(activation.function(NETS), out.value, rtol=1e-12)
    derivative = activation.derivative(NETS, out.value)
    np.testing.assert_allclose(derivative, np.broadcast_to(local, NETS.shape), rtol=1e-12)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation_has_its_words_and_a_slope_formula(name: str) -> None:
    activation = ACTIVATIONS[name]
    assert activation.words and activation.math and activation.rule
    formula = activation.slope_math.format(out="OUT", net="NET")
    assert "OUT" in formula or "NET" in formula or formula == "1"


def test_the_leaky_slope_is_stated_where_it_is_used() -> None:
    leaky = ACTIVATIONS["leaky_relu"]
    assert "0.01" in leaky.words and leaky.rule.endswith("0.01")
    assert leaky.derivative(np.array([-1.0]), np.array([-0.01]))[0] == 0.01


def _autograd_weight_gradient(hidden) -> float:
    """dE/dw for the first hidden weight of NETWORK, by HIPS autograd."""

    def loss(w11: float) -> float:
        w = anp.array([[w11, -0.6], [0.8, 0.1]])
        h = hidden(anp.dot(w, anp.array([0.5, -0.4])) + anp.array([0.1, -0.2]))
        o = anp.dot(anp.array([0.7, -0.5]), h) + 0.05
        return 0.5 * (0.2 - o) ** 2

    return grad(loss)(0.3)


def _solve(name: str) -> float:
    spec = spec_from_dict(tomllib.loads(NETWORK.format(hidden=name)))
    run = forward_backward(NetworkBatch.from_spec(spec))
    return float(run.layers[0].grad_weights[0, 0, 0])


def test_softplus_is_parsed_and_solved_like_autograd() -> None:
    expected = _autograd_weight_gradient(lambda x: anp.logaddexp(0.0, x))
    assert _solve("softplus") == pytest.approx(expected, rel=1e-12)


def test_an_activation_added_to_the_table_is_parsed_and_solved(monkeypatch) -> None:
    swish = Activation(
        name="swish",
        op=lambda a: ops.mul(a, ops.sigmoid(a)),
        function=lambda net: net / (1.0 + np.exp(-net)),
        derivative=lambda net, out: (1.0 + net - out) / (1.0 + np.exp(-net)),
        words="swish",
        symbol="swish",
        math=r"\mathrm{swish}",
        rule="out + σ(net)(1 - out)",
        slope_math=r"\mathrm{swish}'({net})",
        slope_numbers=None,
    )
    with pytest.raises(SpecError, match="swish"):
        _solve("swish")
    monkeypatch.setitem(ACTIVATIONS, "swish", swish)
    expected = _autograd_weight_gradient(lambda x: x / (1.0 + anp.exp(-x)))
    assert _solve("swish") == pytest.approx(expected, rel=1e-12)
