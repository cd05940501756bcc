"""Every way a tensor script or its file can be wrong is said with its line and column, and a
shape problem names both shapes."""

from __future__ import annotations

import numpy as np
import pytest

from engine.expr_syntax import ExprError
from engine.script import ScriptFileError, run_script, solve_file_text

INPUTS = {
    "X": np.ones((2, 4)),
    "W": np.ones((3, 4)),
    "b": np.ones(3),
    "y": np.array([0, 2]),
    "x": np.ones(3),
}


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            "h = X @ W\nloss = h.sum()",
            "line 1, column 5: (2,4) @ (3,4): inner sizes 4 and 3 differ",
        ),
        (
            "s = X.sum()\nh = X + b\nloss = h.sum()",
            "line 2, column 5: (2,4) + (3,): shapes do not broadcast (lined up at the last axis, "
            "sizes 4 and 3 differ and neither is 1)",
        ),
        ("loss = X.T.sum(2)", "line 1, column 8: sum: axis 2 is out of range for shape (4,2)"),
        ("loss = X.reshape(3, -1).sum()", "line 1, column 8: (2,4) cannot be reshaped to (3,-1)"),
        ("loss = X[2, 0]", "line 1, column 8: index 2 is out of range for axis 0 of shape (2,4)"),
        (
            "loss = x[y].sum() + X[1, 5]",
            "line 1, column 21: index 5 is out of range for axis 1 of shape (2,4) (size 4)",
        ),
        ("loss = X[0.5].sum()", "line 1, column 8: an index must be integers"),
        (
            "h = X @ W.T\nloss = h",
            "line 2, column 1: the last statement is the output and must be"
            " a scalar computed from the inputs; 'loss' is (2,3)",
        ),
        (
            "loss = y[0] + 1",
            "line 1, column 1: the last statement is the output and must be a scalar computed from "
            "the inputs; 'loss' is an index or constant",
        ),
        (
            "h = X * 2\nloss = hh.sum()",
            "line 2, column 8: unknown name 'hh': not an input and not"
            " assigned before this line; did you mean 'h'?",
        ),
        ("loss = log(X - 1).sum()", "line 1, column 8: log of zero or of a negative number"),
        ("loss = (X / (X - 1)).sum()", "line 1, column 8: division by zero in '(X - 1)'"),
        ("loss = (X ** b).sum()", "line 1, column 8: the exponent of ** must be a number"),
        ("loss = X.sum(0, keepdims=True, axis=1)", "line 1, column 8: sum() got 'axis' twice"),
        ("loss = X.sum(0, foo=1)", "line 1, column 8: sum() has no argument 'foo'"),
        ("loss = X.sum(keepdims=True, 0)", "line 1, column 29: a positional argument cannot"),
        ("loss = X.foo()", "line 1, column 10: unknown method 'foo'; the methods are"),
        ("loss = X.size", "line 1, column 10: unknown attribute 'size': expected .T, .shape"),
        ("loss = bar(X)", "line 1, column 8: unknown function 'bar'; the functions are"),
        ("loss = X[0", "line 1, column 9: unclosed '[': expected a ']' to close it"),
        ("loss = (X[0)]", "line 1, column 12: expected ']' to close the '[' at line 1, column 10"),
        ("sum = X", "line 1, column 1: cannot assign to 'sum': it is a function"),
        ("True = X", "line 1, column 1: cannot assign to 'True': it is a constant"),
        ("loss = transpose(X, 0, 0).sum()", "line 1, column 8: transpose of shape (2,4) needs"),
        ("loss = softmax(X, axis=2).sum()", "line 1, column 8: softmax: axis 2 is out of range"),
        ("loss = range(-1).sum()", "line 1, column 8: range(-1): n must not be negative"),
    ],
)
def test_a_problem_names_its_line_column_and_what_is_wrong(script: str, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        run_script(script, INPUTS)
    assert str(caught.value).startswith(message), str(caught.value)


def test_nesting_beyond_the_limit_is_an_error_not_a_crash() -> None:
    with pytest.raises(ExprError, match="nested too deeply"):
        run_script("loss = " + "(" * 500 + "x" + ")" * 500, INPUTS)
    with pytest.raises(ExprError, match="nested too deeply"):
        run_script("loss = " + "-" * 500 + "x.sum()", INPUTS)


def test_a_long_flat_chain_evaluates() -> None:
    solved = run_script("loss = " + " + ".join(["x.sum()"] * 3000), INPUTS)
    assert float(solved.run.value("loss")) == 9000.0


FILE = '''[inputs]
X = [[1.0, 2.0], [3.0, 4.0]]
W = { shape = [3, 2], seed = 1 }
[script]
text = """
h = X @ W
loss = h.sum()
"""
'''


def test_a_script_error_in_a_file_names_the_files_line() -> None:
    with pytest.raises(ScriptFileError) as caught:
        solve_file_text(FILE)
    assert str(caught.value) == "line 6, column 5: (2,2) @ (3,2): inner sizes 2 and 3 differ"
    assert (caught.value.line, caught.value.column) == (6, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[inputs]\nX = [[1.0], [2.0, 3.0]]\n", "line 2, column 1: input 'X': rows of different"),
        ("[inputs]\nX = [1.0, 'a']\n", "line 2, column 1: input 'X': every element must be a"),
        ("[inputs]\nX = []\n", "line 2, column 1: input 'X': an empty list has no values"),
        ("[inputs]\nX = [[1.0], 2.0]\n", "line 2, column 1: input 'X': lists nested to different"),
        ("[inputs]\nW = { shape = [3, 0], seed = 1 }\n", "line 2, column 1: input 'W': shape"),
        (
            "[inputs]\nW = { shape = [3], sed = 1 }\n",
            "line 2, column 1: input 'W': unknown key 'sed'",
        ),
        ("[inputs]\nW = { shape = [3] }\n", "line 2, column 1: input 'W': expected seed = a"),
        (
            "[inputs]\nW = { shape = [9999, 9999], seed = 1 }\n",
            "line 2, column 1: input 'W': shape",
        ),
        ("[inputs]\nexp = 1.0\n", "line 2, column 1: input 'exp': an input's name must be"),
        ("[inputs]\nX = 1.0\n", "expected a [script] table with text"),
        ('[script]\ntext = "x"\nrun = 1\n', "line 3, column 1: [script] holds only text"),
        ('[network]\n[script]\ntext = "loss = 1"\n', "line 1, column 1: unknown table [network]"),
        ("[inputs\n", "not valid TOML"),
        ("x = " + "[" * 50 + "]" * 50, "line 1, column 37: arrays and inline tables are nested"),
    ],
)
def test_a_bad_file_is_refused_with_the_place_of_the_problem(text: str, message: str) -> None:
    with pytest.raises(ScriptFileError) as caught:
        solve_file_text(text)
    assert str(caught.value).startswith(message), str(caught.value)


def test_integers_drawn_from_a_seed_stay_below_high() -> None:
    text = (
        "[inputs]\nY = { shape = [50], seed = 3, high = 4 }\n"
        '[script]\ntext = "n = Y * 1.0\\nloss = n.sum()"\n'
    )
    solved = solve_file_text(text)
    values = solved.run.value("Y")
    assert values.dtype.kind == "i" and values.min() >= 0 and values.max() < 4


def test_booleans_do_not_index_and_an_overflowing_gradient_is_named() -> None:
    with pytest.raises(ExprError, match="line 1, column 8: an index must be integers"):
        run_script("loss = x[True]", INPUTS)
    with pytest.raises(ExprError) as caught:
        run_script("h = x ** 0.5\nloss = h.sum()", {"x": np.array([0.0, 1.0, 4.0])})
    assert str(caught.value) == (
        "line 2, column 1: the gradient of 'loss' with respect to 'x' is not finite: "
        "a value overflows on the way back"
    )


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            "loss = range(10**9).sum()",
            "line 1, column 8: range(1000000000) would make (1000000000,), 1,000,000,000 "
            "elements; at most 10,000,000 are made",
        ),
        (
            "loss = (big.reshape(-1, 1) * big).sum()",
            "line 1, column 8: (100000,1) * (100000,) would make (100000,100000), "
            "10,000,000,000 elements",
        ),
        ("loss = (big.reshape(-1, 1) @ big.reshape(1, -1)).sum()", "would make (100000,100000)"),
        ("loss = x.sum(True)", "line 1, column 8: axis must be one integer"),
    ],
)
def test_a_value_too_large_to_make_is_refused_before_it_is_made(script: str, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        run_script(script, {**INPUTS, "big": np.ones(100_000)})
    assert message in str(caught.value)


def test_numbers_written_in_the_script_stay_integers_while_they_fit() -> None:
    solved = run_script("k = 2 ** 10 - True\nloss = x.sum() * k", INPUTS)
    assert solved.run.value("k").dtype.kind == "i" and int(solved.run.value("k")) == 1023
    assert float(solved.run.value("loss")) == 3 * 1023
