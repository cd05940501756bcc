"""`backprop-quiz solve --script FILE.toml [--json]`: a tensor script's every node, as JSON or
as a worked solution with tables, heat maps and the rule each gradient came by."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.cli import main

MAKEMORE = Path(__file__).parents[2] / "examples" / "makemore_backprop.toml"
SMALL = '''[inputs]
X = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]]
Y = [2, 0]
W = { shape = [3, 3], seed = 1, scale = 0.5 }
b = { shape = [3], fill = 0.1 }
[script]
text = """
logits = X @ W + b
logits = logits * 2
loss = -log_softmax(logits)[range(2), Y].mean()
"""
'''


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_json_has_the_output_and_every_nodes_shape_value_and_gradient(small: Path, capsys) -> None:
    assert main(["solve", "--script", str(small), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["output"] == "loss"
    labels = ["X", "Y", "W", "b", "logits", "logits#2", "loss"]
    assert list(data["shapes"]) == labels
    assert data["shapes"]["logits#2"] == [2, 3] and data["shapes"]["loss"] == []
    assert data["values"]["Y"] == [2, 0]  # integers stay integers
    assert data["gradients"]["Y"] is None  # and are not differentiated
    assert data["gradients"]["loss"] == 1.0
    for label in labels[:1] + labels[2:]:
        assert np.shape(data["gradients"][label]) == tuple(data["shapes"][label]), label
    assert data["gradients"]["b"] == pytest.approx(np.sum(data["gradients"]["logits"], axis=0))
    assert data["gradients"]["logits"] == pytest.approx(2 * np.array(data["gradients"]["logits#2"]))


def test_text_shows_each_node_as_a_table_or_heat_map_with_its_gradient_rule(
    small: Path, capsys
) -> None:
    assert main(["solve", "--script", str(small)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TENSOR SCRIPT  loss = ")
    statements = [line.split() for line in out.splitlines()[4:11]]  # the graph of statements
    assert statements[4] == ["logits", "(2,3)", "X,", "W,", "b", "X", "@", "W", "+", "b"]
    assert statements[5] == ["logits#2", "(2,3)", "logits", "logits", "*", "2"]
    assert "== logits#2  (2,3)  = logits * 2" in out
    assert (
        "  - from X @ W + b: passed unchanged; summed over axis 0 because the forward pass "
        "broadcast (3,) to (2,3)" in out
    )
    assert "dloss/dY: none (integers index; they are not differentiated)" in out
    assert "gradient came: dloss/dloss = 1, the seed of the backward pass" in out


def test_the_makemore_example_prints_heat_maps_for_its_large_tensors(capsys) -> None:
    assert main(["solve", "--script", str(MAKEMORE)]) == 0
    out = capsys.readouterr().out
    block = out[out.index("== hprebn  (32,64)") :]
    lines = block.splitlines()
    assert len(lines[2].strip()) == 64  # one character per element of a row
    assert "scale ±" in block
    assert "each picked entry [range(n), Yb] receives its gradient" in out


def test_a_problem_in_the_script_names_the_files_line_and_column(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(SMALL.replace("X @ W + b", "X @ W.reshape(9, 1) + b"), encoding="utf-8")
    assert main(["solve", "--script", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"{path}:8:10: (2,3) @ (9,1): inner sizes 3 and 9 differ"


def test_a_missing_file_and_mixed_arguments_are_refused(tmp_path: Path, capsys) -> None:
    assert main(["solve", "--script", str(tmp_path / "none.toml")]) == 2
    assert "cannot be read: no such file or directory" in capsys.readouterr().err
    assert main(["solve", "--script", str(MAKEMORE), "--expr", "f = x"]) == 2
    assert "--script FILE.toml goes alone" in capsys.readouterr().err
