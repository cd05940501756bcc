"""`families`, `generate` and `bank` on the command line."""

from __future__ import annotations

import json

from app.cli import main
from questions import registry
from questions.numbers import within_sigfigs


def test_families_json_lists_every_family(capsys) -> None:
    assert main(["families", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [i.id for i in registry.families()]
    assert {"id", "title", "topic", "levels", "kind"} <= set(rows[0])


def test_generate_json_has_the_contract_fields_and_is_reproducible(capsys) -> None:
    family_id = registry.families()[0].id
    args = ["generate", family_id, "--level", "2", "--seed", "5", "--count", "3", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert len(first) == 3
    for item in first:
        assert {"key", "topic", "kind", "prompt", "choices", "answer", "hints", "solution"} <= set(
            item
        )
    assert first[0]["key"] == f"{family_id}/L2/5"


def test_generate_text_shows_answer_and_the_mistakes_behind_distractors(capsys) -> None:
    assert main(["generate", "neuron-gradient", "--level", "3"]) == 0
    out = capsys.readouterr().out
    assert "Answer:" in out and "mistake" in out


def test_generate_unknown_family_is_a_clear_error(capsys) -> None:
    assert main(["generate", "no-such-family"]) == 2
    err = capsys.readouterr().err
    assert "unknown family 'no-such-family'" in err and "neuron-gradient" in err


def test_generate_bad_level_is_a_clear_error(capsys) -> None:
    assert main(["generate", "neuron-gradient", "--level", "9"]) == 2
    assert "--level must be one of [1, 2, 3]" in capsys.readouterr().err


def test_generate_json_gives_a_numeric_question_its_distractors_from_mistakes(capsys) -> None:
    assert main(["generate", "output-weight-gradient", "--seed", "1", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["kind"] == "numeric" and item["answer"]["sigfigs"] == 3
    right = [c for c in item["choices"] if c["correct"]]
    wrong = [c for c in item["choices"] if not c["correct"]]
    assert len(right) == 1 and right[0]["mistake"] is None
    assert within_sigfigs(float(right[0]["text"]), item["answer"]["value"], 3)
    named = {m["mistake"] for m in item["mistakes"]}
    assert len(wrong) >= 2 and all(c["mistake"] in named and c["explanation"] for c in wrong)


def test_generate_text_shows_each_choice_and_why(capsys) -> None:
    assert main(["generate", "shapes", "--level", "1"]) == 0
    out = capsys.readouterr().out
    assert any(f" *{n}. (" in out for n in range(1, 5))  # the right shape, marked
    assert "Right:" in out  # the right choice's explanation is printed under it


def test_generate_count_and_seed_are_checked_one_by_one(capsys) -> None:
    assert main(["generate", "chain-rule", "--count", "0"]) == 2
    assert "--count must be from 1 to 10,000, not 0" in capsys.readouterr().err
    assert main(["generate", "chain-rule", "--seed", "-1"]) == 2
    assert "--seed must not be negative, not -1" in capsys.readouterr().err


def test_bank_text_shows_cards_with_review_answers(capsys) -> None:
    assert main(["bank", "--topic", "purpose"]) == 0
    out = capsys.readouterr().out
    assert "  Q: " in out and "     A: " in out


def test_bank_unknown_topic_lists_the_topics(capsys) -> None:
    assert main(["bank", "--topic", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no topic 'nope'" in err and "chain-rule" in err


def test_the_text_output_prints_unicode_math_and_no_tex(capsys) -> None:
    from questions.notation import raw_tex

    for info in registry.families():
        for level in info.levels:
            assert main(["generate", info.id, "--level", str(level), "--count", "5"]) == 0
            out = capsys.readouterr().out
            assert raw_tex(out) is None, (info.id, level, raw_tex(out))
    assert main(["generate", "output-weight-gradient", "--level", "1"]) == 0
    assert "∂E/∂w" in capsys.readouterr().out
    assert main(["bank"]) == 0
    assert raw_tex(capsys.readouterr().out) is None
