"""Every loss against numpy, HIPS autograd and central differences, and on worked examples."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from engine import losses, ops
from engine.tensor import Tensor, variable

pytestmark = pytest.mark.filterwarnings("error")
CHECKS = settings(max_examples=25, deadline=None)
SEEDS = st.integers(0, 2**32 - 1)


def floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def log_softmax(z):
    return z - anp.log(anp.sum(anp.exp(z), axis=1, keepdims=True))


ORACLES = {
    "half_sse": lambda o, t: 0.5 * anp.sum((t - o) ** 2, axis=1),
    "sse": lambda o, t: anp.sum((t - o) ** 2, axis=1),
    "mse": lambda o, t: anp.mean((t - o) ** 2, axis=1),
    "bce": lambda o, t: -anp.mean(t * anp.log(o) + (1 - t) * anp.log(1 - o), axis=1),
    "softmax_ce": lambda z, t: -anp.sum(t * log_softmax(z), axis=1),
}
OUTPUTS = {"bce": floats(0.05, 0.95), "softmax_ce": floats(-5.0, 5.0)}


def targets_for(name: str, data: st.DataObject, shape: tuple[int, int]) -> np.ndarray:
    """Targets that fit the loss: in [0, 1] for bce, a probability vector for softmax_ce."""
    if name == "softmax_ce":
        raw = data.draw(hnp.arrays(np.float64, shape, elements=floats(0.0, 1.0)))
        raw[:, 0] += 0.1  # never all zero
        return raw / raw.sum(axis=1, keepdims=True)
    elements = floats(0.0, 1.0) if name == "bce" else floats(-2.0, 2.0)
    return data.draw(hnp.arrays(np.float64, shape, elements=elements))


@pytest.mark.parametrize("name", ORACLES)
@CHECKS
@given(data=st.data(), seed=SEEDS, variants=st.integers(1, 4), units=st.integers(1, 4))
def test_loss_matches_autograd_and_central_differences(
    name: str, data: st.DataObject, seed: int, variants: int, units: int, agrees_with_oracles
) -> None:
    elements = OUTPUTS.get(name, floats(-2.0, 2.0))
    outputs = data.draw(hnp.arrays(np.float64, (variants, units), elements=elements))
    shared_targets = data.draw(st.booleans())
    targets = targets_for(name, data, (1 if shared_targets else variants, units))
    agrees_with_oracles(losses.LOSSES[name], ORACLES[name], [outputs, targets], seed)


def test_every_loss_is_listed_by_its_spec_name() -> None:
    expected = {
        "half_sse": losses.half_sse,
        "sse": losses.sse,
        "mse": losses.mse,
        "bce": losses.bce,
        "softmax_ce": losses.softmax_ce,
    }
    assert expected == losses.LOSSES


def gradient_at_outputs(name: str, outputs: list[float], targets: list[float]) -> np.ndarray:
    o = variable([outputs])
    loss = losses.LOSSES[name](o, variable([targets]))
    loss.backward()
    return o.grad[0]


def test_textbook_gradients_at_the_outputs() -> None:
    o, t = np.array([0.75, 0.77]), np.array([0.01, 0.99])
    np.testing.assert_allclose(gradient_at_outputs("half_sse", o, t), o - t, rtol=1e-15)
    np.testing.assert_allclose(gradient_at_outputs("sse", o, t), 2 * (o - t), rtol=1e-15)
    np.testing.assert_allclose(gradient_at_outputs("mse", o, t), (o - t), rtol=1e-15)
    bce = (o - t) / (o * (1 - o)) / 2
    np.testing.assert_allclose(gradient_at_outputs("bce", o, t), bce, rtol=1e-14)


def test_softmax_ce_gradient_at_the_logits_is_p_minus_y() -> None:
    z, y = np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0])
    p = np.exp(z) / np.exp(z).sum()
    np.testing.assert_allclose(gradient_at_outputs("softmax_ce", z, y), p - y, rtol=1e-14)


def test_the_canonical_two_two_two_network_has_the_textbook_loss() -> None:
    """Inputs .05, .10 and targets .01, .99 through sigmoid layers: E_total = 0.298371109."""
    x = variable([[0.05, 0.10]])
    w1 = variable([[[0.15, 0.20], [0.25, 0.30]]])
    w2 = variable([[[0.40, 0.45], [0.50, 0.55]]])
    h = ops.sigmoid(ops.add(ops.matvec(w1, x), variable([[0.35, 0.35]])))
    o = ops.sigmoid(ops.add(ops.matvec(w2, h), variable([[0.60, 0.60]])))
    loss = losses.half_sse(o, variable([[0.01, 0.99]]))
    loss.backward()
    assert loss.value.shape == (1,)
    assert loss.value[0] == pytest.approx(0.298371109, abs=5e-10)
    np.testing.assert_allclose(h.value[0], [0.593269992, 0.596884378], atol=5e-10)
    # dE/dw5 and dE/dw1 in the textbook's numbering: W2[0][0] and W1[0][0].
    assert w2.grad[0, 0, 0] == pytest.approx(0.082167041, abs=5e-10)
    assert w1.grad[0, 0, 0] == pytest.approx(0.000438568, abs=5e-10)


def test_softmax_ce_is_finite_and_exact_for_huge_logits() -> None:
    z = variable([[1000.0, 0.0], [-1000.0, 1000.0]])
    loss = losses.softmax_ce(z, variable([[0.0, 1.0], [0.0, 1.0]]))
    loss.backward()
    np.testing.assert_allclose(loss.value, [1000.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(z.grad, [[1.0, -1.0], [0.0, 0.0]], atol=1e-12)


def test_a_loss_gives_one_value_per_variant() -> None:
    outputs = variable(np.full((5, 3), 0.5))
    targets = Tensor(np.array([[0.0, 1.0, 0.5]]))  # shared by all five variants
    for loss in losses.LOSSES.values():
        value = loss(outputs, targets).value
        assert value.shape == (5,)
        assert np.all(value == value[0])
