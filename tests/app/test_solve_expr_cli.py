"""`backprop-quiz solve --expr SCRIPT --at ...`: worked solutions, JSON, errors that say where."""

from __future__ import annotations

import json

import pytest

from app.cli import main

SCRIPT = "q = x + y; f = q * z"


def test_expr_json_gives_values_and_gradients_of_every_node(capsys) -> None:
    assert main(["solve", "--expr", SCRIPT, "--at", "x=1.5,y=-2,z=3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "output": "f",
        "values": {"x": 1.5, "y": -2.0, "z": 3.0, "q": -0.5, "f": -1.5},
        "gradients": {"x": 3.0, "y": 3.0, "z": -0.5, "q": 3.0, "f": 1.0},
    }


def test_a_name_assigned_again_keeps_every_binding_in_json_and_text(capsys) -> None:
    args = ["solve", "--expr", "x = x * 2; f = x^2", "--at", "x=3"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "output": "f",
        "values": {"x": 3.0, "x#2": 6.0, "f": 36.0},
        "gradients": {"x": 24.0, "x#2": 12.0, "f": 1.0},
    }
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    summary = lines[lines.index("GRADIENTS of f") :]
    assert [line.split() for line in summary[4:]] == [
        ["x", "3", "24"],
        ["x#2", "6", "12"],
        ["f", "36", "1"],
    ]


def test_expr_worked_solution_shows_upstream_times_local(capsys) -> None:
    assert main(["solve", "--expr", "a = x * x; f = a + x", "--at", "x=3"]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert "FORWARD PASS" in lines and "BACKWARD PASS (upstream x local = gradient)" in lines
    assert next(line for line in lines if line.startswith("a ")).split() == [
        "a",
        "*",
        "x,",
        "x",
        "9",
    ]
    # x fans out three ways: two edges from a, one from f; the total is 2x + 1 = 7
    edges = [line.split()[3:] for line in lines if line.startswith(("f -> x", "a -> x"))]
    from_f, from_a = ["1", "x", "1", "=", "1"], ["1", "x", "3", "=", "3"]
    assert edges == [from_f, from_a, from_a]
    assert "  x: 1 + 3 + 3 = 7" in lines
    summary = lines[lines.index("GRADIENTS of f") :]
    assert next(line for line in summary if line.startswith("x ")).split() == ["x", "3", "7"]


def test_expr_without_inputs_needs_no_at(capsys) -> None:
    assert main(["solve", "--expr", "f = 2 * 3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["values"] == {"f": 6.0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--expr", "q = x + ; f = q * z", "--at", "x=1,z=2"],
            "--expr: line 1, column 9: expected a number, a name, a function or '(', found ';'",
        ),
        (
            ["--expr", SCRIPT, "--at", "x=1.5,y=,z=3"],
            "--at: column 9: the value of 'y' must be a number like 1.5, -2 or 3e-2, not nothing",
        ),
        (
            ["--expr", "f = foo(x)", "--at", "x=1"],
            "--expr: line 1, column 5: unknown function 'foo'; the functions are "
            "exp, log, sqrt, abs, sigmoid, tanh, relu, max, min",
        ),
        (
            ["--expr", "q = x + y\nf = (q * z", "--at", "x=1,y=2,z=3"],
            "--expr: line 2, column 5: unclosed '(': expected a ')' to close it",
        ),
        (
            ["--expr", "f = x * 2)", "--at", "x=1"],
            "--expr: line 1, column 10: unmatched ')': no '(' before it to close",
        ),
        (
            ["--expr", "f = x 2", "--at", "x=1"],
            "--expr: line 1, column 7: unexpected '2' after the expression; "
            "expected an operator, ';' or a new line",
        ),
        (
            ["--expr", "f = x $ 2", "--at", "x=1"],
            "--expr: line 1, column 7: unexpected character '$': "
            "expected a name, a number, an operator or a parenthesis",
        ),
        (
            ["--expr", "q = x - y; f = 1 / q", "--at", "x=2,y=2"],
            "--expr: line 1, column 16: division by zero in '1 / q' at q=0",
        ),
        (
            ["--expr", "f = sqrt(x - 3)", "--at", "x=2"],
            "--expr: line 1, column 5: square root of a negative number (-1) in 'sqrt(x - 3)' "
            "at x=2",
        ),
        (
            ["--expr", "f = log(x)", "--at", "x=-1"],
            "--expr: line 1, column 5: log of a negative number (-1) in 'log(x)' at x=-1",
        ),
        (
            ["--expr", "f = x", "--at", "x=1,y=2"],
            "--at: a value was given for 'y', which the script does not use; its inputs are: x",
        ),
        (
            ["--expr", SCRIPT, "--at", "x=1,y=2"],
            "--at: no value given for input 'z' (line 1, column 20)",
        ),
    ],
)
def test_bad_scripts_and_values_say_where_and_exit_2(args, message: str, capsys) -> None:
    assert main(["solve", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == message + "\n"


def test_a_blocked_gradient_is_written_0_not_minus_0(capsys) -> None:
    assert main(["solve", "--expr", "f = relu(x) * y", "--at", "x=-1,y=-2", "--json"]) == 0
    text = capsys.readouterr().out
    assert "-0.0" not in text
    assert json.loads(text)["gradients"] == {"x": 0.0, "y": 0.0, "f": 1.0}
