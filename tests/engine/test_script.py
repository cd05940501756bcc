"""Tensor scripts run forward and backward: values and gradients equal autograd's (float64)."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from engine.script import run_script, solve_file_text

ISSUE_EXAMPLE = '''
[inputs]                      # nested lists are tensors; integers stay integers (indices)
X  = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]]
Y  = [2, 0]
W1 = { shape = [3, 4], seed = 1, scale = 0.5 }   # drawn from a seeded normal
b1 = { shape = [4], fill = 0.0 }
W2 = { shape = [4, 3], seed = 2, scale = 0.5 }
b2 = { shape = [3], fill = 0.1 }
[script]
text = """
h = tanh(X @ W1 + b1)
logits = h @ W2 + b2
lp = log_softmax(logits)
loss = -lp[range(2), Y].mean()
"""
'''


def close(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(np.abs(a - b) <= 1e-9 * np.maximum(1.0, np.abs(b))))


def test_the_issue_example_gives_autograds_gradient_for_every_input_and_node() -> None:
    solved = solve_file_text(ISSUE_EXAMPLE)
    run = solved.run
    x, y = run.value("X"), run.value("Y")

    def loss(w1, b1, w2, b2):
        h = anp.tanh(x @ w1 + b1)
        logits = h @ w2 + b2
        shifted = logits - anp.max(logits, axis=1, keepdims=True)
        lp = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
        return -anp.mean(lp[np.arange(2), y])

    params = [run.value(n) for n in ("W1", "b1", "W2", "b2")]
    assert run.value("loss") == pytest.approx(loss(*params), rel=1e-12)
    for k, name in enumerate(("W1", "b1", "W2", "b2")):
        assert close(run.gradient(name), grad(loss, k)(*params)), name
    assert solved.shape("logits") == (2, 3)
    assert run.gradient("Y") is None  # integers index; they have no gradient
    assert solved.is_index("Y") and not solved.is_index("X")


def test_inputs_drawn_from_a_seed_are_the_same_every_time() -> None:
    first = solve_file_text(ISSUE_EXAMPLE).run.value("W1")
    assert np.array_equal(first, np.random.default_rng(1).standard_normal((3, 4)) * 0.5)
    assert np.array_equal(first, solve_file_text(ISSUE_EXAMPLE).run.value("W1"))


def test_a_broadcast_bias_gets_the_sum_over_the_batch_and_the_rule_says_which_axis() -> None:
    solved = run_script(
        "z = X @ W + b\nloss = (z * z).sum()",
        {"X": np.arange(6.0).reshape(2, 3), "W": np.ones((3, 4)), "b": np.array([1.0, 2, 3, 4])},
    )
    z = solved.run.value("z")
    assert close(solved.run.gradient("b"), (2 * z).sum(axis=0))
    assert solved.rules["b"] == [
        "from X @ W + b: passed unchanged; summed over axis 0 because the forward pass "
        "broadcast (4,) to (2,4)"
    ]
    assert solved.rules["W"] == ["from X @ W: Xᵀ @ upstream"]


def test_methods_keepdims_transpose_reshape_and_integer_literals() -> None:
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    solved = run_script(
        "m = x.sum(1, keepdims=True)\n"
        "c = x - m / 3\n"
        "t = c.T.reshape(2, -1)\n"
        "v = x.view(-1)\n"
        "loss = (t ** 2).mean() + v[4] * 2 + x.mean(axis=0).sum()",
        {"x": x},
    )

    def loss(x):
        c = x - anp.sum(x, axis=1, keepdims=True) / 3
        return anp.mean(c.T.reshape(2, -1) ** 2) + x.reshape(-1)[4] * 2 + anp.sum(anp.mean(x, 0))

    assert solved.shape("m") == (2, 1) and solved.shape("t") == (2, 3)
    assert close(solved.run.gradient("x"), grad(loss)(x))
    assert solved.rules["m"][0].startswith("from m / 3: divided by 3")


def test_indexing_picks_rows_entries_and_slices() -> None:
    x = np.arange(12.0).reshape(3, 4) / 10
    solved = run_script(
        "a = x[1]\nb = x[2, 3]\nc = x[0:2, 1:]\nd = x[-1, ::2]\n"
        "loss = a.sum() + b * 3 + (c ** 2).sum() + d.sum()",
        {"x": x},
    )
    expected = np.zeros((3, 4))
    expected[1] += 1
    expected[2, 3] += 3
    expected[0:2, 1:] += 2 * x[0:2, 1:]
    expected[-1, ::2] += 1
    assert close(solved.run.gradient("x"), expected)
    assert solved.shape("c") == (2, 3) and solved.shape("d") == (2,)
    assert "only the entry [2, 3] receives it" in solved.rules["x"][1]


def test_a_name_assigned_again_is_shown_as_name_hash_2() -> None:
    solved = run_script("h = x * 2\nh = h + 1\nloss = h.sum()", {"x": np.ones(3)})
    assert solved.labels == ["x", "h", "h#2", "loss"]
    assert solved.run.parents["h#2"] == ("h",)
    assert close(solved.run.gradient("h"), np.ones(3))


def test_integers_stay_integers_and_sizes_are_computed_without_a_gradient() -> None:
    solved = run_script(
        "n = x.shape[0]\nbessel = 1 / (n - 1)\nd = x - x.mean(0)\nloss = bessel * (d ** 2).sum()",
        {"x": np.array([1.0, 2.0, 4.0, 7.0])},
    )
    assert solved.is_index("n") and int(solved.run.value("n")) == 4
    assert float(solved.run.value("loss")) == pytest.approx(np.var([1, 2, 4, 7], ddof=1))
    assert solved.run.gradient("n") is None


def test_a_maximum_shares_a_tie_evenly_and_its_rule_says_so() -> None:
    x = np.array([[1.0, 3.0, 3.0], [0.0, 2.0, 1.0]])
    solved = run_script("m = x.max(1, keepdims=True)\nloss = m.sum() + x.min()", {"x": x})
    assert np.array_equal(solved.run.gradient("x"), [[0.0, 0.5, 0.5], [1.0, 1.0, 0.0]])
    assert solved.rules["x"] == [
        "from x.max(1, keepdims=True): sent to the maximum along axis 1, shared evenly on a "
        "tie; the rest get 0",
        "from x.min(): sent to the minimum of all elements, shared evenly on a tie; the rest get 0",
    ]
