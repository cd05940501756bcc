"""What backward promises: kinks, ties, fan-out, repeat calls, deep chains, huge logits."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from engine import ops
from engine.tensor import Tensor, as_tensor, topological_order, unbroadcast, variable

pytestmark = pytest.mark.filterwarnings("error")  # overflow, 0/0 and friends fail these tests


def grads_of(output: Tensor, *leaves: Tensor) -> list[np.ndarray]:
    output.backward()
    return [leaf.grad for leaf in leaves]


def test_relu_derivative_at_zero_is_zero() -> None:
    x = variable([-1.0, 0.0, 2.0])
    [g] = grads_of(ops.relu(x), x)
    np.testing.assert_array_equal(g, [0.0, 0.0, 1.0])


def test_abs_derivative_at_zero_is_zero_and_leaky_relu_uses_its_slope() -> None:
    x = variable([-2.0, 0.0, 3.0])
    [g] = grads_of(ops.absolute(x), x)
    np.testing.assert_array_equal(g, [-1.0, 0.0, 1.0])
    [g] = grads_of(ops.leaky_relu(x, 0.1), x)
    np.testing.assert_array_equal(g, [0.1, 0.1, 1.0])


def test_max_tie_splits_the_gradient_half_to_each_input() -> None:
    a, b = variable([2.0, 5.0, 1.0]), variable([2.0, 1.0, 5.0])
    ga, gb = grads_of(ops.maximum(a, b), a, b)
    np.testing.assert_array_equal(ga, [0.5, 1.0, 0.0])
    np.testing.assert_array_equal(gb, [0.5, 0.0, 1.0])


def test_min_tie_splits_the_gradient_half_to_each_input() -> None:
    a, b = variable([2.0, 5.0, 1.0]), variable([2.0, 1.0, 5.0])
    ga, gb = grads_of(ops.minimum(a, b), a, b)
    np.testing.assert_array_equal(ga, [0.5, 0.0, 1.0])
    np.testing.assert_array_equal(gb, [0.5, 1.0, 0.0])


def test_power_zero_is_constant_with_zero_gradient_even_at_zero() -> None:
    x = variable([0.0, 2.0])
    y = ops.power(x, 0)
    [g] = grads_of(y, x)
    np.testing.assert_array_equal(y.value, [1.0, 1.0])
    np.testing.assert_array_equal(g, [0.0, 0.0])


def test_gradients_add_up_where_a_value_fans_out() -> None:
    x = variable([3.0, -1.5])
    [g] = grads_of(x * x, x)
    np.testing.assert_array_equal(g, 2 * x.value)  # d(x*x)/dx = x + x
    [g] = grads_of(x + x, x)
    np.testing.assert_array_equal(g, [2.0, 2.0])


def test_a_value_used_by_three_nodes_collects_all_three_gradients() -> None:
    x = variable([0.3, -0.7])
    y = x * 3.0
    f = y * y + ops.exp(y) + y / 2.0  # y feeds three nodes
    [gx] = grads_of(f, x)
    yv = 3.0 * x.value
    np.testing.assert_allclose(y.grad, 2 * yv + np.exp(yv) + 0.5, rtol=1e-15)
    np.testing.assert_allclose(gx, 3.0 * (2 * yv + np.exp(yv) + 0.5), rtol=1e-15)


def test_backward_twice_gives_the_same_gradients_not_double() -> None:
    x = variable([1.5, 2.0])
    y = x * x
    f = y * x + y
    first = grads_of(f, x, y)
    second = grads_of(f, x, y)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(first[0], 3 * x.value**2 + 2 * x.value, rtol=1e-15)


def test_backward_from_an_inner_node_resets_what_it_reaches() -> None:
    x = variable([2.0])
    y = x * 5.0
    (y * y).backward()
    assert x.grad[0] == 100.0  # d(25 x^2)/dx
    y.backward()
    assert x.grad[0] == 5.0


@pytest.mark.parametrize("length", [10_000, 50_000])
def test_a_long_chain_backpropagates_without_recursion(length: int) -> None:
    assert sys.getrecursionlimit() < length  # a recursive walk could not do this
    factors = np.exp(np.random.default_rng(length).uniform(-0.01, 0.01, length))
    x = variable([1.0, 2.0])
    node = x
    for factor in factors:
        node = ops.mul(node, float(factor))
    node.backward()
    expected = math.prod(factors)
    np.testing.assert_allclose(x.grad, [expected, expected], rtol=1e-10)
    np.testing.assert_allclose(node.value, expected * x.value, rtol=1e-10)
    assert len(topological_order(node)) == 2 * length + 1  # the chain, its constants and x


def test_softmax_and_log_softmax_are_stable_for_huge_logits() -> None:
    z = variable([[1000.0, 1000.0, 999.0], [-1000.0, 0.0, 1000.0]])
    small = np.array([[1.0, 1.0, 0.0], [-2000.0, -1000.0, 0.0]])
    expected = np.exp(small - np.log(np.exp(small).sum(axis=1, keepdims=True)))
    p = ops.softmax(z)
    np.testing.assert_allclose(p.value, expected, rtol=1e-15, atol=1e-300)
    log_p = ops.log_softmax(z)
    np.testing.assert_allclose(log_p.value[1], [-2000.0, -1000.0, 0.0], rtol=1e-15)
    weights = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    log_p.backward(seed=weights)
    assert np.all(np.isfinite(z.grad))
    np.testing.assert_allclose(z.grad.sum(axis=1), [0.0, 0.0], atol=1e-15)


def test_sigmoid_saturates_without_overflow() -> None:
    x = variable([-1000.0, 0.0, 1000.0])
    s = ops.sigmoid(x)
    [g] = grads_of(s, x)
    np.testing.assert_allclose(s.value, [0.0, 0.5, 1.0], atol=1e-300)
    np.testing.assert_allclose(g, [0.0, 0.25, 0.0], atol=1e-300)


def test_a_shared_constant_gets_the_sum_of_its_variants_gradients() -> None:
    w = Tensor(np.array([[2.0, -1.0]]))  # variant axis of length 1
    x = variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    f = ops.sum_(w * x)
    f.backward()
    np.testing.assert_array_equal(f.value, [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(w.grad, [[9.0, 12.0]])  # x summed over the three variants
    np.testing.assert_array_equal(x.grad, np.broadcast_to(w.value, (3, 2)))


def test_variants_are_independent() -> None:
    rng = np.random.default_rng(7)
    values = rng.normal(size=(4, 3))
    together = variable(values)
    ops.sum_(ops.tanh(together) * together).backward()
    for i in range(4):
        alone = variable(values[i : i + 1])
        ops.sum_(ops.tanh(alone) * alone).backward()
        np.testing.assert_array_equal(alone.grad[0], together.grad[i])


def test_seed_defaults_to_ones_and_a_scalar_seed_broadcasts() -> None:
    x = variable([1.0, 2.0, 3.0])
    y = x * 4.0
    y.backward()
    np.testing.assert_array_equal(x.grad, [4.0, 4.0, 4.0])
    y.backward(seed=0.5)
    np.testing.assert_array_equal(x.grad, [2.0, 2.0, 2.0])
    y.backward(seed=np.array([1.0, 0.0, -1.0]))
    np.testing.assert_array_equal(x.grad, [4.0, 0.0, -4.0])


def test_topological_order_lists_each_node_once_after_its_parents() -> None:
    a = variable([1.0])
    b, c = a * 2.0, ops.exp(a)
    d = b + c  # a diamond: a -> b, c -> d
    order = topological_order(d)
    assert len(order) == len({id(n) for n in order}) == 5  # a, the constant 2, b, c and d
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)
    assert order[-1] is d


def test_nodes_outside_the_graph_are_left_alone() -> None:
    x, unrelated = variable([1.0]), variable([2.0])
    unrelated.grad = np.array([42.0])
    (x * 3.0).backward()
    assert unrelated.grad[0] == 42.0


def test_unbroadcast_sums_extra_and_shared_axes() -> None:
    grad = np.arange(12.0).reshape(3, 2, 2)
    np.testing.assert_array_equal(unbroadcast(grad, (3,)), grad.sum(axis=(1, 2)))
    np.testing.assert_array_equal(unbroadcast(grad, (1, 2, 2)), grad.sum(axis=0, keepdims=True))
    np.testing.assert_array_equal(unbroadcast(grad, (1,)), [grad.sum()])
    assert unbroadcast(grad, (3, 2, 2)) is grad


def test_as_tensor_and_variable_put_the_variant_axis_first() -> None:
    constant = as_tensor(2.5, name="c")
    assert constant.variants == 1 and constant.shape == () and constant.name == "c"
    assert as_tensor(constant) is constant
    v = variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="x")
    assert (v.variants, v.shape, v.is_leaf) == (3, (2,), True)
    assert v.value.dtype == np.float64
    assert repr(v) == "Tensor(x, variants=3, shape=(2,))"
    y = ops.exp(v)
    assert not y.is_leaf and y.op == "exp" and y.parents == (v,)
    assert repr(y) == "Tensor(exp, variants=3, shape=(2,))"
