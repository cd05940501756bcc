"""`backprop-quiz solve NET.toml`: the worked solution, the JSON contract, and clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

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
        "o1",
        "0.75136507",
        "-",
        "0.01",
        "0.74136507",
        "x",
        "0.186815602",
        "=",
        "0.138498562",
    ]
    header = (
        "unit  dL/dout = out - target  upstream dL/dout     local out (1 - out)             delta"
    )
    assert header in backward
    # delta x input = dL/dw5
    w5 = next(line for line in backward if line.startswith("w5 "))
    assert w5.split() == [
        "w5",
        "h1",
        "->",
        "o1",
        "0.138498562",
        "x",
        "0.593269992",
        "=",
        "0.0821670406",
    ]
    # the hidden unit's upstream gradient is summed over the weights it feeds, by name
    h1 = next(line for line in backward if line.startswith("h1 "))
    assert h1.split() == [
        "h1",
        "0.138498562",
        "x",
        "0.4",
        "(w5)",
        "-",
        "0.0380982365",
        "x",
        "0.5",
        "(w7)",
        "0.0363503064",
        "x",
        "0.241300709",
        "=",
        "0.00877135469",
    ]
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
            ('activation = "sigmoid"', 'activation = "gelu"'),
            'network.layers[0].activation: unknown activation "gelu", '
            "expected one of sigmoid, tanh, relu, leaky_relu, identity, softplus",
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


def test_a_blocked_gradient_is_written_0_not_minus_0(tmp_path: Path, capsys) -> None:
    path = tmp_path / "dead.toml"
    path.write_text(
        "[network]\ninputs = [1.0]\ntargets = [1.0]\nloss = 'half_sse'\nlearning_rate = 0.1\n"
        "[[network.layers]]\nweights = [[-1.0]]\nbiases = [0.0]\nactivation = 'relu'\n"
        "[[network.layers]]\nweights = [[1.0]]\nbiases = [0.0]\nactivation = 'identity'\n"
    )
    assert main(["solve", str(path), "--json"]) == 0
    text = capsys.readouterr().out
    assert "-0.0" not in text
    hidden = json.loads(text)["layers"][0]
    assert hidden["grad_out"] == [-1.0] and hidden["delta"] == [0.0]  # relu'(-1) = 0
