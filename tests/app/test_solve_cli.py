"""`backprop-quiz solve`: worked solutions and JSON for networks and scripts, and clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.commands.render import backward_table, forward_table, network_solution
from engine.expr import parse
from engine.nn import NetworkBatch, NetworkRun, forward_backward
from engine.spec import spec_from_dict
from engine.trace import backward_steps, forward_steps

ROOT = Path(__file__).resolve().parents[2]

MAZUR = """\
[network]
inputs = [0.05, 0.10]
targets = [0.01, 0.99]
loss = "half_sse"
learning_rate = 0.5
[[network.layers]]
weights = [[0.15, 0.20], [0.25, 0.30]]
biases = [0.35, 0.35]
activation = "sigmoid"
[[network.layers]]
weights = [[0.40, 0.45], [0.50, 0.55]]
biases = [0.60, 0.60]
activation = "sigmoid"
"""

LAYER_FIELDS = [
    "net",
    "out",
    "grad_out",
    "delta",
    "grad_weights",
    "grad_biases",
    "new_weights",
    "new_biases",
]


@pytest.fixture
def mazur(tmp_path: Path) -> Path:
    path = tmp_path / "mazur.toml"
    path.write_text(MAZUR)
    return path


def test_network_json_has_every_field_design_md_names(mazur: Path, capsys) -> None:
    assert main(["solve", str(mazur), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["loss", "outputs", "layers"]
    assert data["loss"] == pytest.approx(0.298371109, abs=5e-10)
    assert data["outputs"] == pytest.approx([0.75136507, 0.772928465], abs=5e-9)
    hidden, output = data["layers"]
    assert list(output) == LAYER_FIELDS
    assert output["new_weights"][0][0] == pytest.approx(0.35891648, abs=5e-9)
    assert hidden["new_weights"][0][0] == pytest.approx(0.149780716, abs=5e-9)
    assert output["grad_weights"][0][0] == pytest.approx(0.082167041, abs=5e-9)
    assert len(hidden["grad_weights"]) == 2 and len(hidden["grad_weights"][0]) == 2


def test_softmax_ce_json_adds_probabilities(tmp_path: Path, capsys) -> None:
    path = tmp_path / "soft.toml"
    path.write_text(
        "[network]\ninputs = [1.0]\ntargets = [0.0, 1.0]\nloss = 'softmax_ce'\n"
        "learning_rate = 0.1\n[[network.layers]]\nweights = [[0.5], [-0.5]]\n"
        "biases = [0.0, 0.0]\nactivation = 'identity'\n"
    )
    assert main(["solve", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["loss", "outputs", "probabilities", "layers"]
    assert sum(data["probabilities"]) == pytest.approx(1.0)
    p1 = data["probabilities"][1]
    assert data["layers"][0]["delta"] == pytest.approx([1 - p1 - 0.0, p1 - 1.0])


def test_network_worked_solution_reads_like_the_textbook(mazur: Path, capsys) -> None:
    assert main(["solve", str(mazur)]) == 0
    text = capsys.readouterr().out
    assert "loss (half_sse) = 0.298371109" in text
    lines = text.splitlines()
    forward = next(line for line in lines if line.startswith("h1 "))
    assert "0.15 x 0.05 + 0.2 x 0.1 + 0.35" in forward and forward.endswith("0.593269992")
    backward = lines[lines.index("BACKWARD PASS (upstream x local = gradient)") :]
    # each row reads: where dL/dout comes from, then upstream x local = delta
    o1 = next(line for line in backward if line.startswith("o1 "))
    assert o1.split() == [
        "o1", "0.75136507", "-", "0.01", "0.74136507", "x", "0.186815602", "=", "0.138498562"
    ]  # fmt: skip
    header = (
        "unit  dL/dout = out - target  upstream dL/dout     local out (1 - out)             delta"
    )
    assert header in backward
    # delta x input = dL/dw5
    w5 = next(line for line in backward if line.startswith("w5 "))
    assert w5.split() == ["w5", "h1", "->", "o1", "0.138498562", "x", "0.593269992", "=",
                          "0.0821670406"]  # fmt: skip
    # the hidden unit's upstream gradient is summed over the weights it feeds, by name
    h1 = next(line for line in backward if line.startswith("h1 "))
    assert h1.split() == [
        "h1", "0.138498562", "x", "0.4", "(w5)", "-", "0.0380982365", "x", "0.5", "(w7)",
        "0.0363503064", "x", "0.241300709", "=", "0.00877135469",
    ]  # fmt: skip
    updated = lines[lines.index("UPDATED WEIGHTS (w - 0.5 x dL/dw)") :]
    assert any(line.split() == ["w5", "0.4", "0.0821670406", "0.35891648"] for line in updated)
    assert any(line.startswith("w1 ") and line.endswith("0.149780716") for line in updated)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('loss = "half_sse"\n', ""),
            "network.loss: missing, expected one of half_sse, sse, mse, bce, softmax_ce",
        ),
        (
            ("[[0.15, 0.20], [0.25, 0.30]]", "[[0.15, 0.20], [0.25]]"),
            "network.layers[0].weights[1]: expected 2 numbers like row 0 "
            "(rows must be equally long), got 1",
        ),
        (
            ("[[0.40, 0.45], [0.50, 0.55]]", "[[0.40, 0.45, 0.1], [0.5, 0.5, 0.1]]"),
            "network.layers[1].weights: "
            "expected 2 columns (one per unit of the layer below), got 3",
        ),
        (
            ("biases = [0.60, 0.60]", "biases = [0.60]"),
            "network.layers[1].biases: expected 2 values (one per row of weights), got 1",
        ),
        (
            ('activation = "sigmoid"', 'activation = "softplus"'),
            'network.layers[0].activation: unknown activation "softplus", '
            "expected one of sigmoid, tanh, relu, leaky_relu, identity",
        ),
        (
            ('"half_sse"', '"cross_entropy"'),
            'network.loss: unknown loss "cross_entropy", '
            "expected one of half_sse, sse, mse, bce, softmax_ce",
        ),
        (
            ("targets = [0.01, 0.99]", "targets = [0.01]"),
            "network.targets: expected 2 values (one per output unit), got 1",
        ),
        (
            ('"half_sse"\n', '"bce"\n'),
            None,  # the Mazur targets fit bce: solved, not refused
        ),
        (
            ('"half_sse"', '"bce"', "0.99]", "1.5]"),
            "network.targets[1]: bce needs targets in [0, 1], got 1.5",
        ),
        (
            ('"half_sse"', '"softmax_ce"', "[0.01, 0.99]", "[0.5, 0.6]"),
            "network.targets: softmax_ce needs a probability distribution (summing to 1), "
            "got a sum of 1.1",
        ),
    ],
)
def test_a_bad_spec_prints_file_key_message_and_exits_2(
    change: tuple[str, ...], message: str | None, tmp_path: Path, capsys
) -> None:
    text = MAZUR
    for old, new in zip(change[::2], change[1::2], strict=True):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "net.toml"
    path.write_text(text)
    code = main(["solve", str(path)])
    captured = capsys.readouterr()
    if message is None:
        assert code == 0 and captured.err == ""
        return
    assert code == 2
    assert captured.out == ""
    assert captured.err == f"{path}: {message}\n"


def test_a_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "nothing.toml"
    assert main(["solve", str(path), "--json"]) == 2
    assert capsys.readouterr().err == f"{path}: file not found\n"


def test_a_network_that_overflows_is_refused_not_printed_as_nan(tmp_path: Path, capsys) -> None:
    path = tmp_path / "big.toml"
    path.write_text(
        "[network]\ninputs = [1.0]\ntargets = [0.0]\nloss = 'bce'\nlearning_rate = 0.1\n"
        "[[network.layers]]\nweights = [[100.0]]\nbiases = [0.0]\nactivation = 'sigmoid'\n"
    )
    assert main(["solve", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{path}: network: expected values that stay finite")


def test_solve_needs_exactly_one_thing_to_solve(mazur: Path, capsys) -> None:
    assert main(["solve"]) == 2
    assert "give either NET.toml or --expr SCRIPT" in capsys.readouterr().err
    assert main(["solve", str(mazur), "--expr", "f = x"]) == 2
    assert "give either NET.toml or --expr SCRIPT" in capsys.readouterr().err
    assert main(["solve", str(mazur), "--at", "x=1"]) == 2
    assert "--at goes with --expr" in capsys.readouterr().err


def test_python_dash_m_app_solve_runs_as_a_process(mazur: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "solve", str(mazur), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["loss"] == pytest.approx(0.298371109, abs=5e-10)
    missing = subprocess.run(
        [sys.executable, "-m", "app", "solve", "absent.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2
    assert missing.stderr == "absent.toml: file not found\n"


@pytest.mark.parametrize("mode", [["--json"], []])
def test_a_reader_that_stops_early_gets_no_traceback(mazur: Path, mode: list[str]) -> None:
    # As `solve --json | head -1`, made certain: the only reader is gone before the first write.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", "solve", str(mazur), *mode],
            cwd=ROOT,
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.stderr == ""
    assert done.returncode == 0


# --- worked-example scripts -------------------------------------------------------------------

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


# --- the worked-solution text, piece by piece --------------------------------------------------


def one_layer_run(loss: str, activation: str) -> NetworkRun:
    spec = spec_from_dict(
        {
            "network": {
                "inputs": [1.0],
                "targets": [0.0, 1.0],
                "loss": loss,
                "learning_rate": 0.1,
                "layers": [
                    {"weights": [[0.5], [-0.25]], "biases": [0.0, 0.0], "activation": activation}
                ],
            }
        }
    )
    return forward_backward(NetworkBatch.from_spec(spec))


@pytest.mark.parametrize(
    ("loss", "activation", "header", "o2"),
    [
        ("half_sse", "relu", "dL/dout = out - target", "o2  0 - 1  -1  x  0  =  0"),
        (
            "sse",
            "sigmoid",
            "dL/dout = 2 (out - target)",
            "o2  2 (0.437823499 - 1)  -1.124353  x  0.246134083  =  -0.276741595",
        ),
        (
            "mse",
            "tanh",
            "dL/dout = 2 (out - target) / 2",
            "o2  2 (-0.244918662 - 1) / 2  -1.24491866  x  0.940014849  =  -1.17024203",
        ),
        (
            "bce",
            "sigmoid",
            "dL/dout = (out - target) / (out (1 - out)) / 2",
            "o2  (0.437823499 - 1) / (0.437823499 (1 - 0.437823499)) / 2  -1.14201271  x",
        ),
        (
            "softmax_ce",
            "identity",
            "dL/dout = p - target",
            "o2  0.320821301 - 1  -0.679178699  x  1  =  -0.679178699",
        ),
    ],
)
def test_the_output_layer_shows_the_loss_gradient_with_its_numbers(
    loss: str, activation: str, header: str, o2: str
) -> None:
    text = network_solution(one_layer_run(loss, activation))
    lines = text[text.index("BACKWARD PASS") :].splitlines()
    assert _squeezed(lines[3]).startswith(f"unit  {header}  upstream dL/dout")
    row = next(line for line in lines if line.startswith("o2 "))
    assert _squeezed(row).startswith(o2)


def _squeezed(line: str) -> str:
    """A table row with each run of padding cut to two spaces between cells."""
    return "  ".join(cell.strip() for cell in line.split("  ") if cell.strip())


def test_script_tables_of_the_design_example() -> None:
    output = parse(SCRIPT).evaluate({"x": -2.0, "y": 5.0, "z": -4.0}).output
    assert forward_table(forward_steps(output)) == (
        "node  op     inputs  value\n"
        "----  -----  ------  -----\n"
        "x     input             -2\n"
        "y     input              5\n"
        "q     +      x, y        3\n"
        "z     input             -4\n"
        "f     *      q, z      -12"
    )
    assert backward_table(backward_steps(output)) == (
        "edge    upstream     local     gradient\n"
        "------  --------  -  -----  -  --------\n"
        "f -> q         1  x     -4  =        -4\n"
        "f -> z         1  x      3  =         3\n"
        "q -> x        -4  x      1  =        -4\n"
        "q -> y        -4  x      1  =        -4"
    )


def test_the_script_backward_table_adds_up_where_a_value_fans_out() -> None:
    output = parse("a = x * y; f = a - x").evaluate({"x": 2.0, "y": 3.0}).output
    table = backward_table(backward_steps(output))
    assert table.endswith(
        "where a value fans out, its gradient is the sum over its edges:\n  x: -1 + 3 = 2"
    )
    assert "a -> x         1  x      3  =         3" in table
    assert "f -> x         1  x     -1  =        -1" in table
