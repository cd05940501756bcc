"""Forward and backward steps read off finished graphs."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import ops, variable
from engine.expr import parse
from engine.trace import (
    BackwardStep,
    ForwardStep,
    backward_steps,
    forward_steps,
    gradient_totals,
)

DESIGN = "q = x + y; f = q * z"
CS231N = {"x": -2.0, "y": 5.0, "z": -4.0}


def test_forward_steps_of_the_design_example() -> None:
    output = parse(DESIGN).evaluate(CS231N).output
    assert forward_steps(output) == [
        ForwardStep("x", "input", (), -2.0),
        ForwardStep("y", "input", (), 5.0),
        ForwardStep("q", "+", ("x", "y"), 3.0),
        ForwardStep("z", "input", (), -4.0),
        ForwardStep("f", "*", ("q", "z"), -12.0),
    ]


def test_backward_steps_of_the_design_example_are_upstream_times_local() -> None:
    output = parse(DESIGN).evaluate(CS231N).output
    assert backward_steps(output) == [
        BackwardStep("f", "q", upstream=1.0, local=-4.0, gradient=-4.0),
        BackwardStep("f", "z", upstream=1.0, local=3.0, gradient=3.0),
        BackwardStep("q", "x", upstream=-4.0, local=1.0, gradient=-4.0),
        BackwardStep("q", "y", upstream=-4.0, local=1.0, gradient=-4.0),
    ]
    assert gradient_totals(output) == {"x": -4, "y": -4, "q": -4, "z": 3, "f": 1}


FAN_OUT = [
    "a = x * y; f = a + a * x + sigmoid(x)",
    "q = x + y; q = q * q; f = max(q, x) * exp(-q / 10) + relu(y - x)",
    "f = (x + y) * (x + y) - x ^ 2 + 2 * x",
    "u = tanh(x) * y; v = u * u; w = v / (u * u + 1); f = log(w + 1) + sqrt(v + 1) + abs(u - x)",
]


@pytest.mark.parametrize("script", FAN_OUT)
@settings(max_examples=15, deadline=None)
@given(point=st.tuples(st.floats(-2, 2), st.floats(-2, 2)), variant=st.integers(0, 2))
def test_each_nodes_backward_steps_add_up_to_its_gradient(
    script: str, point: tuple[float, float], variant: int
) -> None:
    x = np.array([point[0], 0.25, -1.25])
    evaluation = parse(script).evaluate({"x": x, "y": point[1]})
    incoming: dict[str, float] = defaultdict(float)
    for step in backward_steps(evaluation.output, variant):
        assert step.gradient == step.upstream * step.local
        incoming[step.parent] += step.gradient
    totals = gradient_totals(evaluation.output, variant)
    for label, tensor in evaluation.bindings.items():
        grad = tensor.grad[variant] if tensor is not evaluation.output else 1.0
        assert totals[label] == pytest.approx(grad, rel=1e-12, abs=1e-300)
        if tensor is not evaluation.output:
            assert incoming[label] == pytest.approx(grad, rel=1e-12, abs=1e-300)


def test_forward_values_are_those_of_the_chosen_variant() -> None:
    output = parse(DESIGN).evaluate({"x": [-2.0, 1.0], "y": 5.0, "z": [-4.0, 2.0]}).output
    assert [s.value for s in forward_steps(output, variant=1)] == [1, 5, 6, 2, 12]
    with pytest.raises(IndexError, match="variant 2 is out of range"):
        forward_steps(output, variant=2)


def test_constants_appear_by_value_and_unnamed_nodes_by_op_and_inputs() -> None:
    output = parse("f = 2 * x + x ^ 2 - exp(-x)").evaluate({"x": 1.5}).output
    steps = forward_steps(output)
    assert [(s.node, s.op, s.inputs) for s in steps] == [
        ("x", "input", ()),
        ("(2 * x)", "*", ("2", "x")),
        ("(x**2)", "**2", ("x",)),
        ("((2 * x) + (x**2))", "+", ("(2 * x)", "(x**2)")),
        ("(-x)", "neg", ("x",)),
        ("exp(-x)", "exp", ("(-x)",)),
        ("f", "-", ("((2 * x) + (x**2))", "exp(-x)")),
    ]
    assert "2" not in {s.parent for s in backward_steps(output)}


def test_repeated_or_long_labels_stay_unambiguous() -> None:
    script = "t1 = x; f = (x + y) * (x + y) + sigmoid(sigmoid(sigmoid(sigmoid(x + t1))))"
    output = parse(script).evaluate({"x": 0.5, "y": 1.0}).output
    nodes = [s.node for s in forward_steps(output)]
    assert nodes[:5] == ["x", "y", "(x + y)", "(x + y)#2", "((x + y) * (x + y)#2)"]
    # the user's t1 keeps its name; a label over 32 characters becomes the next free t<k>
    assert nodes[5:9] == ["t1", "(x + t1)", "sigmoid(x + t1)", "sigmoid(sigmoid(x + t1))"]
    assert nodes[9:] == ["t2", "sigmoid(t2)", "f"]
    assert len(set(nodes)) == len(nodes)


def test_a_shared_parameter_gets_its_gradient_per_variant() -> None:
    w = variable([2.0], name="w")  # one value shared by every variant
    x = variable([1.0, 2.0, 3.0], name="x")
    f = ops.mul(w, x)
    f.name = "f"
    f.backward()
    assert w.grad.tolist() == [6.0]  # summed over the variants
    assert gradient_totals(f, variant=2) == {"w": 3.0, "x": 2.0, "f": 1.0}


def test_vector_nodes_are_reported_element_by_element() -> None:
    W = variable([[[1.0, 2.0], [3.0, -4.0]]], name="W")
    x = variable([[0.5, -1.0]], name="x")
    h = ops.relu(ops.matvec(W, x))
    h.name = "h"
    loss = ops.sum_(h)
    loss.name = "L"
    loss.backward()
    assert [(s.node, s.value) for s in forward_steps(loss)][-3:] == [
        ("h[0]", 0.0),
        ("h[1]", 5.5),
        ("L", 5.5),
    ]
    steps = backward_steps(loss)
    assert BackwardStep("h[0]", "Wx(W, x)[0]", 1.0, 0.0, 0.0) in steps  # relu blocks
    assert BackwardStep("Wx(W, x)[1]", "W[1,1]", 1.0, -1.0, -1.0) in steps  # d(Wx)/dW = x
    totals = gradient_totals(loss)
    assert [totals[f"W[{i},{j}]"] for i in range(2) for j in range(2)] == W.grad.ravel().tolist()
    assert [totals["x[0]"], totals["x[1]"]] == x.grad.ravel().tolist()


def test_a_ten_thousand_node_chain_is_traced_without_recursion() -> None:
    lines = ["x0 = a"] + [f"x{i} = x{i - 1} * 1.0001" for i in range(1, 10_000)]
    output = parse("\n".join(lines)).evaluate({"a": 1.0}).output
    assert len(forward_steps(output)) == 10_001
    steps = backward_steps(output)
    assert len(steps) == 10_000
    assert steps[-1].gradient == pytest.approx(1.0001**9999, rel=1e-12)
