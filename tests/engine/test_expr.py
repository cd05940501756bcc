"""Worked-example scripts: what they mean, what they compute, and their gradients."""

from __future__ import annotations

import io
import itertools
import math
import tokenize
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.expr import Assign, Binary, Call, Name, Negate, Number, parse


def run(script: str, **values: float) -> tuple[dict[str, float], dict[str, float]]:
    """Values and gradients of one variant."""
    evaluation = parse(script).evaluate(values)
    return evaluation.values(), evaluation.gradients()


def test_design_example_gives_the_cs231n_numbers() -> None:
    program = parse("q = x + y; f = q * z")
    assert program.inputs == ("x", "y", "z")
    assert program.output == "f"
    evaluation = program.evaluate({"x": -2, "y": 5, "z": -4})
    assert evaluation.values() == {"x": -2, "y": 5, "z": -4, "q": 3, "f": -12}
    assert evaluation.gradients() == {"x": -4, "y": -4, "z": 3, "q": -4, "f": 1}
    assert evaluation.output is evaluation.nodes["f"]
    assert [t.name for t in evaluation.nodes.values()] == ["x", "y", "z", "q", "f"]


def test_statements_are_a_tree_of_frozen_dataclasses_with_source_spans() -> None:
    program = parse("q = x + y\nf = -q * exp(z)")
    x_plus_y = Binary("+", Name("x", start=4, end=5), Name("y", start=8, end=9), start=4, end=9)
    q = Assign("q", x_plus_y, start=0, end=9)
    minus_q = Negate(Name("q", start=15, end=16), start=14, end=16)
    exp_z = Call("exp", (Name("z", start=23, end=24),), start=19, end=25)
    product = Binary("*", minus_q, exp_z, start=14, end=25)
    assert program.statements == (q, Assign("f", product, start=10, end=25))
    with pytest.raises(AttributeError):
        program.statements[0].target = "r"  # type: ignore[misc]


def test_a_minus_sign_before_a_number_is_part_of_the_number() -> None:
    (statement,) = parse("f = x * -2").statements
    assert statement.value == Binary(
        "*", Name("x", start=4, end=5), Number(-2.0, "int", start=8, end=10), start=4, end=10
    )


def test_reassignment_shadows_and_every_binding_keeps_its_own_node() -> None:
    evaluation = parse("q = x + y; q = q * 2; f = q + x").evaluate({"x": 1, "y": 2})
    assert list(evaluation.bindings) == ["x", "y", "q", "q#2", "f"]
    assert [t.name for t in evaluation.bindings.values()] == ["x", "y", "q", "q#2", "f"]
    assert evaluation.nodes["q"] is evaluation.bindings["q#2"]
    assert evaluation.values() == {"x": 1, "y": 2, "q": 6, "f": 7}
    assert evaluation.gradients() == {"x": 3, "y": 2, "q": 1, "f": 1}
    assert evaluation.gradients(every_binding=True)["q"] == 2  # the shadowed q
    assert evaluation.values(every_binding=True)["q"] == 3


def test_an_input_may_be_updated_by_name() -> None:
    program = parse("w = w - 0.1 * g")
    assert program.inputs == ("w", "g")
    evaluation = program.evaluate({"w": 0.5, "g": 2.0})
    assert evaluation.values(every_binding=True) == {"w": 0.5, "g": 2.0, "w#2": 0.3}
    assert evaluation.nodes["w"] is evaluation.bindings["w#2"]
    assert evaluation.gradients(every_binding=True) == {"w": 1.0, "g": -0.1, "w#2": 1.0}


def test_renaming_a_node_or_a_number_still_makes_a_node_with_a_gradient() -> None:
    evaluation = parse("q = x * 2; f = q; c = 3").evaluate({"x": 4})
    assert evaluation.nodes["f"] is not evaluation.nodes["q"]
    assert evaluation.nodes["f"].op == "identity"
    assert evaluation.nodes["c"].op == "identity"
    assert evaluation.values() == {"x": 4, "q": 8, "f": 8, "c": 3}
    assert evaluation.output is evaluation.nodes["c"]
    assert evaluation.gradients() == {"x": 0, "q": 0, "f": 0, "c": 1}


def test_caret_means_double_star() -> None:
    caret = parse("f = x ^ 3").evaluate({"x": 2.0})
    stars = parse("f = x ** 3").evaluate({"x": 2.0})
    assert caret.values() == stars.values() == {"x": 2.0, "f": 8.0}
    assert caret.gradients() == stars.gradients() == {"x": 12.0, "f": 1.0}
    assert parse("f = x ^ 3").statements[0].value.op == "**"


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("f = 2^3^2", 512.0),
        ("f = 2**3**2", 512.0),
        ("f = (2^3)^2", 64.0),
        ("f = -2^2", -4.0),
        ("f = (-2)^2", 4.0),
        ("f = 2^-1", 0.5),
        ("f = 2^-2^2", 1 / 16),
        ("f = 2 * 3 + 4", 10.0),
        ("f = 2 + 3 * 4", 14.0),
        ("f = 10 - 4 - 3", 3.0),
        ("f = 8 / 4 / 2", 1.0),
        ("f = 2 * 3 ^ 2", 18.0),
        ("f = - - 2", 2.0),
        ("f = +2 - +1", 1.0),
        ("f = 2 * -3", -6.0),
        ("f = 1.5 + .5 + 2e-3 + 1E2 + 3.", 105.002),
    ],
)
def test_precedence_and_associativity(script: str, expected: float) -> None:
    assert parse(script).evaluate({}).values()["f"] == pytest.approx(expected, rel=1e-15)


def test_unary_minus_binds_looser_than_power() -> None:
    values, gradients = run("f = -x**2", x=3.0)
    assert values["f"] == -9.0
    assert gradients["x"] == -6.0


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@pytest.mark.parametrize(
    ("call", "x", "value", "derivative"),
    [
        ("exp(x)", 0.5, math.exp(0.5), math.exp(0.5)),
        ("log(x)", 2.0, math.log(2.0), 0.5),
        ("sqrt(x)", 4.0, 2.0, 0.25),
        ("abs(x)", -2.0, 2.0, -1.0),
        ("abs(x)", 3.0, 3.0, 1.0),
        ("sigmoid(x)", 0.3, sigmoid(0.3), sigmoid(0.3) * (1 - sigmoid(0.3))),
        ("tanh(x)", 0.3, math.tanh(0.3), 1 - math.tanh(0.3) ** 2),
        ("relu(x)", 2.0, 2.0, 1.0),
        ("relu(x)", -1.0, 0.0, 0.0),
        ("relu(x)", 0.0, 0.0, 0.0),
        ("x ^ 0.5", 4.0, 2.0, 0.25),
        ("1 / x", 4.0, 0.25, -1 / 16),
    ],
)
def test_each_function_gives_its_value_and_derivative(
    call: str, x: float, value: float, derivative: float
) -> None:
    values, gradients = run(f"f = {call}", x=x)
    assert values["f"] == pytest.approx(value, rel=1e-15)
    assert gradients["x"] == pytest.approx(derivative, rel=1e-15)


@pytest.mark.parametrize(
    ("call", "x", "y", "value", "dx", "dy"),
    [
        ("max(x, y)", 1.0, 3.0, 3.0, 0.0, 1.0),
        ("max(x, y)", 4.0, 3.0, 4.0, 1.0, 0.0),
        ("max(x, y)", 2.0, 2.0, 2.0, 0.5, 0.5),
        ("min(x, y)", 1.0, 3.0, 1.0, 1.0, 0.0),
        ("min(x, y)", 2.0, 2.0, 2.0, 0.5, 0.5),
    ],
)
def test_max_and_min_send_the_gradient_to_the_winner_and_split_a_tie(
    call: str, x: float, y: float, value: float, dx: float, dy: float
) -> None:
    values, gradients = run(f"f = {call}", x=x, y=y)
    assert (values["f"], gradients["x"], gradients["y"]) == (value, dx, dy)


def test_a_variable_exponent_is_differentiated_in_both_base_and_exponent() -> None:
    values, gradients = run("f = x ^ y", x=2.0, y=3.0)
    assert values["f"] == pytest.approx(8.0, rel=1e-14)
    assert gradients["x"] == pytest.approx(3 * 2.0**2, rel=1e-14)
    assert gradients["y"] == pytest.approx(8.0 * math.log(2.0), rel=1e-14)


def test_line_breaks_comments_and_blank_statements() -> None:
    script = """
    # the cs231n example, over several lines
    q = (x +
         y)    # a line break inside parentheses continues the statement
    ;;
    f = q * z;
    """
    program = parse(script)
    assert [s.target for s in program.statements] == ["q", "f"]
    assert program.evaluate({"x": -2, "y": 5, "z": -4}).values()["f"] == -12


def test_fan_out_adds_the_gradients_of_every_use() -> None:
    values, gradients = run("a = x * y; f = a + a * x + sigmoid(x)", x=0.5, y=2.0)
    assert values["f"] == pytest.approx(1.0 + 0.5 + sigmoid(0.5), rel=1e-15)
    ds = sigmoid(0.5) * (1 - sigmoid(0.5))
    # f = xy + x^2 y + s(x): df/dx = y + 2xy + s'(x), df/dy = x + x^2
    assert gradients["x"] == pytest.approx(2.0 + 2 * 0.5 * 2.0 + ds, rel=1e-15)
    assert gradients["y"] == pytest.approx(0.5 + 0.25, rel=1e-15)
    assert gradients["a"] == pytest.approx(1.5, rel=1e-15)


def test_batched_evaluation_runs_each_variant() -> None:
    program = parse("q = x + y; f = q * z")
    evaluation = program.evaluate({"x": [-2.0, 1.0, 3.0], "y": 5.0, "z": np.array([-4.0, 2, 0])})
    assert evaluation.variants == 3
    assert evaluation.output.value.tolist() == [-12.0, 12.0, 0.0]
    assert evaluation.gradients(1) == {"x": 2, "y": 2, "z": 6, "q": 2, "f": 1}
    assert evaluation.values(2) == {"x": 3, "y": 5, "z": 0, "q": 8, "f": 0}


def test_a_ten_thousand_statement_chain_evaluates_without_recursion() -> None:
    lines = ["x0 = a"] + [f"x{i} = x{i - 1} * 1.0001 + 0.5" for i in range(1, 10_000)]
    evaluation = parse("\n".join(lines)).evaluate({"a": [1.0, 2.0]})
    growth = 1.0001**9999
    assert evaluation.values(1)["x9999"] == pytest.approx(2 * growth + 0.5 * (growth - 1) / 1e-4)
    assert evaluation.gradients(1)["a"] == pytest.approx(growth, rel=1e-12)
    assert evaluation.gradients(0)["x5000"] == pytest.approx(1.0001**4999, rel=1e-12)


def test_nothing_in_the_language_reaches_python_eval() -> None:
    forbidden = {"eval", "exec", "compile", "literal_eval", "__import__", "ast"}
    for module in ("expr", "expr_syntax", "syntax_tree", "parsing", "expr_parser", "expr_eval"):
        source = (Path(engine.__file__).parent / f"{module}.py").read_text()
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        # a builtin used by name; re.compile and the like are attributes, and allowed
        bare = {t.string for before, t in itertools.pairwise(tokens) if before.string != "."}
        assert not bare & forbidden, module
