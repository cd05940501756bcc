"""The question writer: a table written back reads as the same table, and only its lines change."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from questions.packs.load import read_pack
from questions.packs.write import question_block, question_lines, replace_question, string, value

EXAMPLE = Path(__file__).parents[3] / "examples" / "packs" / "backprop-basics.toml"
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
NUMBER = st.floats(allow_nan=False, allow_infinity=False)
PACK = """\
# A comment before the pack.
[pack]
id = "p"
title = "P"
author = "A. Instructor"
version = "1"

[[question]]  # the first
id = "m"
type = "matrix"
prompt = "What is $\\\\partial L / \\\\partial W$?"
value = [[0.125, -0.5], [2.0, 0.0375]]
sigfigs = 3

# The second question keeps this comment.
[[question]]
id = "n"
type = "numeric"
prompt = 'A literal string: C:\\dir'
value = 0.25
sigfigs = 2"""


@given(TEXT)
def test_any_text_reads_back_as_written(text: str) -> None:
    assert tomllib.loads(f"x = {string(text)}")["x"] == text


@given(NUMBER)
def test_any_number_reads_back_as_the_same_float(number: float) -> None:
    parsed = tomllib.loads(f"x = {value(number)}")["x"]
    assert parsed == number and math.copysign(1, parsed) == math.copysign(1, number)


@given(TEXT, TEXT, st.lists(TEXT, max_size=4), st.booleans())
def test_a_choice_table_reads_back_as_the_table(
    prompt: str, explanation: str, hints: list[str], multiple: bool
) -> None:
    raw = {
        "id": "q",
        "type": "choice",
        "prompt": prompt,
        "multiple": multiple,
        "hints": hints,
        "choice": [
            {"text": prompt, "correct": True, "explanation": explanation},
            {"text": explanation, "correct": False, "explanation": ""},
        ],
    }
    assert tomllib.loads(question_block(raw))["question"] == [raw]


def test_every_example_question_is_written_back_as_it_was_read() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    written = text
    for n, raw in enumerate(data["question"]):
        written = replace_question(written, n, raw)
    assert tomllib.loads(written) == data
    assert read_pack(written).items == read_pack(text).items


def test_the_example_keeps_its_layout_apart_from_trailing_zeros() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    raw = tomllib.loads(text)["question"][0]  # a choice question: no numbers to reformat
    assert replace_question(text, 0, raw) == text


def test_only_the_question_lines_change() -> None:
    raw = tomllib.loads(PACK)["question"][0]
    raw["value"] = [[1.5, -0.5], [2.0, 0.0375]]
    written = replace_question(PACK, 0, raw)
    assert written.startswith(PACK[: PACK.index("[[question]]")])
    assert written.endswith(PACK[PACK.index("# The second") :])
    assert "value = [[1.5, -0.5], [2.0, 0.0375]]" in written
    assert read_pack(written).items[0].value == ((1.5, -0.5), (2.0, 0.0375))


def test_blocks_leave_out_the_comments_and_blank_lines_before_the_next_table() -> None:
    lines = PACK.splitlines()
    (first, end), (second, last) = question_lines(PACK)
    assert lines[first].startswith("[[question]]") and lines[end - 1] == "sigfigs = 3"
    assert lines[second] == "[[question]]" and last == len(lines)


def test_the_last_question_without_a_final_line_break_gets_none() -> None:
    raw = tomllib.loads(PACK)["question"][1]
    raw["prompt"] = 'Quotes " and a backslash \\ and a tab \t here'
    written = replace_question(PACK, 1, raw)
    assert written.endswith("sigfigs = 2")
    assert read_pack(written).items[1].prompt == raw["prompt"]


def test_a_network_block_is_laid_out_as_the_example_pack_writes_it() -> None:
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["question"][3]
    block = question_block(raw)
    assert "\n  [question.network]\n  inputs = [0.05, 0.1]\n" in block
    assert block.count("\n  [[question.network.layers]]\n  weights = ") == 2
    assert tomllib.loads(block)["question"] == [raw]


def test_long_solutions_are_written_one_step_a_line() -> None:
    raw = {"id": "s", "type": "numeric", "value": 1.0, "solution": ["x" * 60, "y" * 60]}
    block = question_block(raw)
    assert 'solution = [\n  "' + "x" * 60 + '",\n' in block
    assert tomllib.loads(block)["question"] == [raw]


def test_a_script_table_is_written_as_a_sub_table_its_inputs_inline() -> None:
    raw = {
        "id": "g",
        "type": "matrix",
        "prompt": "What is $\\partial L / \\partial W$?",
        "ask": "W",
        "script": {
            "text": "loss = ((X @ W) ** 2).mean()",
            "inputs": {"X": [[1.0, 2.0], [0.5, -1.0]], "W": [[0.3, -0.2], [0.1, 0.4]]},
        },
    }
    block = question_block(raw)
    assert '\n  [question.script]\n  text = "loss = ((X @ W) ** 2).mean()"\n' in block
    assert "  inputs = {X = [[1.0, 2.0], [0.5, -1.0]], W = [[0.3, -0.2], [0.1, 0.4]]}" in block
    assert tomllib.loads(block)["question"] == [raw]
