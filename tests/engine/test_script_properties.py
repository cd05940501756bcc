"""Random shapes: broadcasting tensor scripts agree with HIPS autograd; shapes that do not
broadcast are refused naming both; any text fails, if at all, only with an ExprError."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import broadcastable_shapes

from engine.expr_syntax import ExprError
from engine.script import run_script
from engine.script_parser import parse_statements

OPS = {"+": anp.add, "-": anp.subtract, "*": anp.multiply, "/": anp.divide}


@st.composite
def broadcasting(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    a = draw(st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple))
    b = draw(broadcastable_shapes(a, min_dims=0, max_dims=3, min_side=1, max_side=4))
    return a, b, draw(st.sampled_from(sorted(OPS)))


@settings(max_examples=60, deadline=None)
@given(broadcasting(), st.integers(0, 2**32 - 1))
def test_a_broadcast_op_and_a_reduction_give_autograds_gradients(case, seed) -> None:
    a_shape, b_shape, op = case
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(a_shape)
    b = rng.uniform(0.5, 2.0, b_shape) * rng.choice([-1.0, 1.0], b_shape)
    out_shape = np.broadcast_shapes(a_shape, b_shape)
    if out_shape:
        body = "u = z - z.mean(0, keepdims=True)\nloss = (u * u).sum() + z.max()"
    else:
        body = "loss = z * z"
    script = f"z = tanh(a {op} b)\n{body}"
    solved = run_script(script, {"a": a, "b": b})

    def loss(a, b):
        z = anp.tanh(OPS[op](a, b))
        if not out_shape:
            return z * z
        u = z - anp.mean(z, axis=0, keepdims=True)
        return anp.sum(u * u) + anp.max(z)

    for k, name in enumerate("ab"):
        expected = autograd.grad(loss, k)(a, b)
        got = solved.run.gradient(name)
        assert got.shape == np.shape(expected)
        assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), name
    assert solved.shape("z") == out_shape


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(2, 5), min_size=1, max_size=3), st.data())
def test_shapes_that_do_not_broadcast_are_refused_naming_both(shape, data) -> None:
    axis = data.draw(st.integers(0, len(shape) - 1))
    other = list(shape)
    other[axis] += data.draw(st.integers(1, 3))
    text = lambda s: "(" + ",".join(map(str, s)) + ("," if len(s) == 1 else "") + ")"  # noqa: E731
    try:
        run_script("loss = (a + b).sum()", {"a": np.ones(shape), "b": np.ones(other)})
    except ExprError as error:
        assert str(error).startswith(f"line 1, column 8: {text(shape)} + {text(other)}: ")
        assert f"sizes {shape[axis]} and {other[axis]} differ" in str(error)
    else:
        raise AssertionError("shapes that do not broadcast were accepted")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="xyab01.,:;=+-*/@()[]^T_ \n", max_size=40))
def test_any_text_fails_only_with_an_expr_error(text: str) -> None:
    try:
        parse_statements(text)
    except ExprError as error:
        assert error.line is not None and error.column is not None


FUZZ_INPUTS = {"x": np.array([[0.5, -1.0], [2.0, 0.25]]), "i": np.array([1, 0])}
WORDS = st.sampled_from(
    ["x", "i", "loss", "=", "\n", "+", "-", "*", "/", "@", "**", "(", ")", "[", "]", ",",
     ":", ".", "T", "sum", "max", "mean", "reshape", "shape", "range", "exp", "log",
     "softmax", "axis", "keepdims", "True", "0", "1", "2", "-1", "0.5", "conv2d", "tanh"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=14))
def test_any_script_runs_or_fails_only_with_an_expr_error(words: list[str]) -> None:
    try:
        run_script("loss = " + " ".join(words), FUZZ_INPUTS)
    except ExprError as error:
        assert error.line is not None and error.column is not None
