"""Every way a worked-example script or its values can be wrong, and the exact place named."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from engine.expr import MAX_DEPTH, ExprError, parse, parse_assignments


@pytest.mark.parametrize(
    ("script", "position", "message"),
    [
        ("", 0, "line 1, column 1: empty script: expected at least one statement"),
        (" ;\n# only a comment\n", 0, "line 1, column 1: empty script"),
        ("f = (x + y", 4, "line 1, column 5: unclosed '(': expected a ')' to close it"),
        ("q = (x + y\nf = (q * z)", 4, "line 1, column 5: unclosed '('"),
        ("f = x\nq = (x +\n y) * (", 21, "line 3, column 7: unclosed '('"),
        ("f = x + y)", 9, "line 1, column 10: unmatched ')'"),
        ("f = x $ y", 6, "line 1, column 7: unexpected character '$'"),
        ("f = 2x", 5, "line 1, column 6: unexpected 'x' after the expression"),
        ("f = x y", 6, "line 1, column 7: unexpected 'y' after the expression"),
        ("f = (x y)", 7, "line 1, column 8: expected ')' to close the '(' at line 1, column 5"),
        ("f = x = y", 6, "line 1, column 7: unexpected '=' after the expression"),
        (
            "f = x +",
            7,
            "line 1, column 8: expected a number, a name, a function or '(', found the end of"
            " the script",
        ),
        (
            "f = x +\ng = 1",
            7,
            "line 1, column 8: expected a number, a name, a function or '(', found the end of"
            " the line",
        ),
        ("f = ()", 5, "line 1, column 6: expected a number, a name, a function or '(', found ')'"),
        ("f = foo(x)", 4, "line 1, column 5: unknown function 'foo'; the functions are exp, log"),
        ("f = max(x)", 4, "line 1, column 5: max() takes two arguments, given 1"),
        ("f = exp(x, y)", 4, "line 1, column 5: exp() takes one argument, given 2"),
        ("f = relu()", 4, "line 1, column 5: relu() takes one argument, given 0"),
        ("f = max(x,)", 10, "line 1, column 11: expected a number, a name"),
        ("f = exp + 1", 4, "line 1, column 5: 'exp' is a function: expected '(' and its argument"),
        ("exp = 3", 0, "line 1, column 1: cannot assign to 'exp': it is a function"),
        ("q = 1\nmax = q", 6, "line 2, column 1: cannot assign to 'max'"),
        (
            "x + y",
            2,
            "line 1, column 3: expected '=' after 'x' (a statement is 'name = expression'),"
            " found '+'",
        ),
        ("3 = x", 0, "line 1, column 1: expected a statement 'name = expression', found '3'"),
        (
            "q = 1; (q) = 2",
            7,
            "line 1, column 8: expected a statement 'name = expression', found '('",
        ),
        ("f", 1, "line 1, column 2: expected '=' after 'f'"),
        ("f = 1e999", 4, "line 1, column 5: number 1e999 is too large"),
    ],
)
def test_a_syntax_error_names_its_place_and_what_was_expected(
    script: str, position: int, message: str
) -> None:
    with pytest.raises(ExprError) as caught:
        parse(script)
    error = caught.value
    assert str(error).startswith(message)
    assert error.position == position
    line = script.count("\n", 0, position) + 1
    assert (error.line, error.column) == (line, position - script.rfind("\n", 0, position))
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    "script",
    [
        "f = " + "(" * 2000 + "x" + ")" * 2000,
        "f = " + "exp(" * 2000 + "x" + ")" * 2000,
        "f = " + "2^" * 2000 + "2",
        "f = " + "-" * 2000 + "x",
        "f = " + "(" * 10_000 + "x" + ")" * 10_000,
        "f = " + " + (x".join(["x"] * 2000) + ")" * 1999,
    ],
)
def test_deep_nesting_is_refused_not_a_recursion_error(script: str) -> None:
    with pytest.raises(ExprError, match="nested too deeply"):
        parse(script)


@pytest.mark.parametrize(
    ("script", "x", "f", "dx"),
    [
        ("f = " + " + ".join(["x"] * 10_000), 2.0, 20_000.0, 10_000.0),
        ("f = " + " - ".join(["x"] * 10_001), 2.0, -19_998.0, -9_999.0),
        ("f = 1 + " + " * ".join(["x"] * 101), 1.0, 2.0, 101.0),
        ("f = " + " + ".join(["x * x"] * 5_000) + " / 2", 2.0, 19_998.0, 19_998.0),
    ],
)
def test_a_long_flat_chain_is_not_nesting_and_evaluates(
    script: str, x: float, f: float, dx: float
) -> None:
    """A sum of 101 terms was refused as "nested too deeply": length is not depth."""
    evaluation = parse(script).evaluate({"x": x})
    assert evaluation.values()["f"] == pytest.approx(f)
    assert evaluation.gradients()["x"] == pytest.approx(dx)


def test_nesting_up_to_the_limit_parses_and_evaluates_even_on_a_busy_stack() -> None:
    parens, calls = MAX_DEPTH - 1, MAX_DEPTH - 2  # the product and x take the last levels
    left = "(" * parens + "x + 1" + ")" * parens
    right = "sigmoid(" * calls + "x" + ")" * calls
    script = f"f = {left} * {right}"

    def nest(levels: int) -> float:
        if levels:
            return nest(levels - 1)
        return parse(script).evaluate({"x": 1.0}).values()["f"]

    assert sys.getrecursionlimit() >= 1000
    assert 1.0 < nest(200) < 2.0


@pytest.mark.parametrize(
    ("script", "values", "message"),
    [
        (
            "f = x / (y - 2)",
            {"x": 1, "y": 2},
            "line 1, column 5: division by zero in 'x / (y - 2)' at y=2",
        ),
        (
            "f = 3 + x / (y - 2)",
            {"x": 1, "y": [1, 2, 2]},
            "line 1, column 9: division by zero in 'x / (y - 2)' at y=2 (variant 1)",
        ),
        ("f = 1 / 0", {}, "line 1, column 5: division by zero in '1 / 0'"),
        ("q = x - 1\nf = log(q)", {"x": 1}, "line 2, column 5: log of zero in 'log(q)' at q=0"),
        (
            "f = log(x - 3)",
            {"x": 1},
            "line 1, column 5: log of a negative number (-2) in 'log(x - 3)' at x=1",
        ),
        (
            "f = sqrt(x)",
            {"x": -1},
            "line 1, column 5: square root of a negative number (-1) in 'sqrt(x)' at x=-1",
        ),
        (
            "f = sqrt(x)",
            {"x": 0},
            "line 1, column 5: derivative not finite (inf) in 'sqrt(x)' at x=0",
        ),
        (
            "f = 2 * exp(x)",
            {"x": [1, 1000]},
            "line 1, column 9: non-finite result (inf) in 'exp(x)' at x=1000 (variant 1)",
        ),
        (
            "f = x ^ 0.5",
            {"x": -4},
            "line 1, column 5: fractional power of a negative number (-4) in 'x ^ 0.5' at x=-4",
        ),
        (
            "f = x ^ -1",
            {"x": 0},
            "line 1, column 5: division by zero (zero to a negative power) in 'x ^ -1' at x=0",
        ),
        (
            "f = x ^ y",
            {"x": -1, "y": 2},
            "line 1, column 5: a power with a variable exponent needs a positive base, not -1 in"
            " 'x ^ y' at x=-1",
        ),
    ],
)
def test_a_bad_value_at_the_given_point_names_the_sub_expression(
    script: str, values: dict, message: str
) -> None:
    with pytest.raises(ExprError) as caught:
        parse(script).evaluate(values)
    assert str(caught.value) == message
    assert not caught.value.in_values
    assert caught.value.line == int(message.split(",")[0].removeprefix("line "))


def test_a_gradient_that_overflows_on_the_way_back_is_refused() -> None:
    with pytest.raises(ExprError) as caught:
        parse("q = x * 1e300\nf = q * 1e300").evaluate({"x": [1e-300, 2e-300]})
    assert str(caught.value) == (
        "line 2, column 1: the gradient of 'f' with respect to 'x' is not finite (variant 0): "
        "a value overflows on the way back"
    )


def test_an_input_without_a_value_is_named_where_it_is_first_used() -> None:
    with pytest.raises(ExprError) as caught:
        parse("f = x + w").evaluate({"x": 1.0})
    assert str(caught.value) == "no value given for input 'w' (line 1, column 9)"
    assert caught.value.in_values  # the values, not the script, must change
    assert (caught.value.position, caught.value.line, caught.value.column) == (8, 1, 9)


@pytest.mark.parametrize(
    ("script", "values", "message"),
    [
        (
            "q = x + y; f = qq * z",
            {"x": 1, "y": 2, "z": 3},
            "no value given for input 'qq' (line 1, column 16); did you mean 'q'?",
        ),
        (
            "f = q * z; q = x + y",
            {"x": 1, "y": 2, "z": 3},
            "no value given for input 'q' (line 1, column 5); it is assigned only later "
            "(line 1, column 12), and statements run in order",
        ),
        ("w = w - 0.1 * g", {"g": 1}, "no value given for input 'w' (line 1, column 5)"),
    ],
)
def test_a_missing_value_says_what_was_probably_meant(
    script: str, values: dict, message: str
) -> None:
    with pytest.raises(ExprError) as caught:
        parse(script).evaluate(values)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"x": 1, "y": 2},
            "a value was given for 'y', which the script does not use; its inputs are: x",
        ),
        (
            {"x": 1, "q": 2},
            "a value was given for 'q', but the script computes it (line 1, column 1)",
        ),
        ({"x": "one"}, "the value for 'x' must be a number or numbers, not 'one'"),
        ({"x": [[1, 2]]}, "the value for 'x' must be a number or a flat, non-empty sequence"),
        ({"x": []}, "the value for 'x' must be a number or a flat, non-empty sequence"),
        ({"x": [1, float("nan")]}, "the value for 'x' is not a finite number: [1.0, nan]"),
    ],
)
def test_values_that_do_not_fit_the_inputs_are_refused(values: dict, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse("q = x * 2; f = q").evaluate(values)
    assert str(caught.value).startswith(message)
    assert caught.value.in_values


def test_inputs_must_agree_on_the_number_of_variants() -> None:
    with pytest.raises(ExprError, match="'x' has 2, 'y' has 3"):
        parse("f = x * y").evaluate({"x": [1, 2], "y": np.ones(3)})


def test_assignments_for_the_command_line() -> None:
    assert parse_assignments("x=1.5,y=-2,z=3") == {"x": 1.5, "y": -2.0, "z": 3.0}
    assert parse_assignments(" x = 1.5, y = \u22122  z=.5e1 ") == {"x": 1.5, "y": -2.0, "z": 5.0}
    assert parse_assignments("θ=+2,") == {"θ": 2.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no values given: expected name=number pairs like x=1.5,y=-2"),
        ("x", "line 1, column 2: expected '=' and a number after 'x'"),
        ("x 1", "line 1, column 3: expected '=' and a number after 'x'"),
        (
            "x=",
            "line 1, column 3: the value of 'x' must be a number like 1.5, -2 or 3e-2, not nothing",
        ),
        (
            "x=1,y=two",
            "line 1, column 7: the value of 'y' must be a number like 1.5, -2 or 3e-2, not 'two'",
        ),
        ("x=nan", "line 1, column 3: the value of 'x' must be a number"),
        ("1=2", "line 1, column 1: expected a name before '=', found '1'"),
        ("x=1,x=2", "line 1, column 5: 'x' is given twice"),
        ("x=1e999", "line 1, column 3: the value of 'x' is too large"),
    ],
)
def test_bad_assignments_say_where_and_what(text: str, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse_assignments(text)
    assert str(caught.value).startswith(message)
