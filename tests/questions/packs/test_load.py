"""Reading packs: the example pack loads, and every broken pack reports its problems in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from questions.packs import PackError, check_pack, load_pack, read_pack
from questions.packs.model import ChoiceItem, FamilyItem, NetworkItem, NumericItem, Quantity

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "packs" / "backprop-basics.toml"
BROKEN = sorted((Path(__file__).parent / "broken").glob("*.toml"))
EXPECT = re.compile(r"^# expect (?P<line>\d+):(?P<col>\d+) (?P<text>.+)$")

MINIMAL = """
[pack]
id = "tiny"
title = "Tiny"
author = "Tester"
version = "2"

[[question]]
id = "quarter"
type = "numeric"
prompt = "What is 1/4?"
value = 0.25
"""


def test_the_example_pack_holds_all_four_question_types() -> None:
    pack = load_pack(EXAMPLE)
    assert (pack.id, pack.version) == ("backprop-basics", "1.0")
    kinds = {type(item) for item in pack.items}
    assert kinds == {ChoiceItem, NumericItem, NetworkItem, FamilyItem}
    network = next(i for i in pack.items if isinstance(i, NetworkItem))
    assert network.ask == Quantity("grad_weights", 1, 0, 0)
    assert network.spec.layer_sizes == (2, 2, 2)


def test_a_minimal_pack_reads_from_text() -> None:
    pack = read_pack(MINIMAL, "tiny.toml")
    (item,) = pack.items
    assert isinstance(item, NumericItem)
    assert (item.value, item.sigfigs, item.topic) == (0.25, 3, "mlp-backprop")
    assert check_pack(MINIMAL) == []


def expectations(path: Path) -> list[tuple[int, int, str]]:
    """The `# expect LINE:COL text` comments at the end of a broken pack."""
    found = [EXPECT.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(int(m["line"]), int(m["col"]), m["text"]) for m in found if m]


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_each_broken_pack_reports_every_expected_problem_at_its_position(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} states no expected problems"
    with pytest.raises(PackError) as caught:
        load_pack(path)
    problems = caught.value.problems
    assert len(problems) == len(expected), str(caught.value)
    for line, col, text in expected:
        assert any((p.line, p.col) == (line, col) and text in p.message for p in problems), (
            f"{path.name}: no problem at {line}:{col} saying {text!r}\n{caught.value}"
        )


def test_problems_print_as_file_line_col_message() -> None:
    path = Path(__file__).parent / "broken" / "duplicate-ids.toml"
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert str(caught.value) == (
        f"{path}:14:6: duplicate question id 'quarter' (first used on line 8)"
    )


def test_a_missing_file_is_a_pack_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="file not found"):
        load_pack(tmp_path / "absent.toml")
    (tmp_path / "latin1.toml").write_bytes(b"title = '\xe9'")
    with pytest.raises(PackError, match="expected UTF-8 text"):
        load_pack(tmp_path / "latin1.toml")


def test_a_mistake_value_that_would_be_accepted_is_refused() -> None:
    text = MINIMAL + '\n[[question.mistake]]\nmistake = "factor-two"\nvalue = 0.2501\n'
    (problem,) = check_pack(text)
    assert (problem.line, problem.col) == (16, 9)  # MINIMAL starts with a blank line
    assert "would be accepted as the right answer" in problem.message


def test_unknown_mistake_ids_and_topics_get_a_did_you_mean() -> None:
    text = (
        MINIMAL + 'topic = "activation"\n[[question.mistake]]\nmistake = "factor-too"\nvalue = 1\n'
    )
    messages = [p.message for p in check_pack(text)]
    assert any("did you mean 'activations'" in m for m in messages)
    assert any("did you mean 'factor-two'" in m for m in messages)


def test_pack_text_is_data_and_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = MINIMAL.replace(
        "What is 1/4?", f"__import__('pathlib').Path({str(marker)!r}).touch() {{{{x}}}}"
    )
    pack = read_pack(text)
    assert "__import__" in pack.items[0].prompt
    assert not marker.exists()


def test_a_version_is_a_plain_label_because_keys_carry_it() -> None:
    (problem,) = check_pack(MINIMAL.replace('version = "2"', 'version = "2 @ draft"'))
    assert (problem.line, problem.col) == (6, 11)
    assert "the version may hold letters, digits" in problem.message
