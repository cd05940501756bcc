"""Dense networks against HIPS autograd: every gradient of random networks, any activation, loss."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings

from engine.gradcheck import relative_error
from engine.nn import (
    NetworkBatch,
    forward_backward,
)
from engine.spec import NetworkSpec
from tests.engine.network_strategies import networks

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
