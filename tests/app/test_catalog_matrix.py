"""`generate` shows a matrix question's answer and mistake matrices, as text and as JSON."""

from __future__ import annotations

import json

from app.cli import main
from questions import registry
from questions.matrix import parse_matrix


def test_generate_text_writes_the_matrix_and_each_mistakes_matrix(capsys) -> None:
    assert main(["generate", "batch-matrix-gradient", "--level", "1", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    answer = next(line for line in out.splitlines() if line.startswith("Answer: "))
    question = registry.family("batch-matrix-gradient").question(1, 3)
    read = parse_matrix(answer.removeprefix("Answer: "))
    assert len(read) == 2 and all(
        abs(a - b) < 1e-5
        for r, t in zip(read, question.matrix.rows, strict=True)
        for a, b in zip(r, t, strict=True)
    )
    assert "mistake matrix transposed: [[" in out


def test_generate_json_carries_the_matrix(capsys) -> None:
    assert main(["generate", "batch-matrix-gradient", "--level", "2", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["kind"] == "matrix" and item["answer"] is None
    assert len(item["matrix"]["rows"]) == 3 and len(item["matrix"]["rows"][0]) == 2
    assert {m["mistake"] for m in item["matrix_mistakes"]} >= {"transposed", "error-sign"}
