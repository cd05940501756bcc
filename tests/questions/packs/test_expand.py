"""A pack as Questions: its own set, and deterministic export variants with the right keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from questions import registry
from questions.model import AuthoredKey, FamilyKey, Kind, Question
from questions.packs import PackError, expand, load_pack, pack_questions, read_pack, student_exams
from questions.packs.expand import family_seeds
from questions.packs.model import FamilyItem

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "backprop-basics.toml"


def test_the_packs_own_set_keys_authored_questions_by_pack_question_and_version() -> None:
    pack = load_pack(EXAMPLE)
    questions = pack_questions(pack)
    authored = [q.key for q in questions if isinstance(q.key, AuthoredKey)]
    assert AuthoredKey("backprop-basics", "what-it-computes", "1.0") in authored
    assert [q.kind for q in questions[:5]] == [
        Kind.SINGLE,
        Kind.MULTIPLE,
        Kind.NUMERIC,
        Kind.NUMERIC,
        Kind.SINGLE,
    ]
    families = [q.key for q in questions if isinstance(q.key, FamilyKey)]
    assert len(families) == 3
    assert {k.family for k in families} == {"output-weight-gradient"}


def test_family_questions_are_exactly_the_registrys_for_their_keys() -> None:
    pack = load_pack(EXAMPLE)
    question = next(q for q in pack_questions(pack) if isinstance(q.key, FamilyKey))
    assert registry.regenerate(question.key) == question


def test_family_seeds_depend_on_pack_question_and_export_seed_only() -> None:
    pack = load_pack(EXAMPLE)
    item = next(i for i in pack.items if isinstance(i, FamilyItem))
    assert family_seeds(pack, item, 3, 0) == family_seeds(pack, item, 3, 0)
    assert family_seeds(pack, item, 3, 0) != family_seeds(pack, item, 3, 1)


def test_expand_gives_variants_of_generated_questions_and_authored_ones_once() -> None:
    pack = load_pack(EXAMPLE)
    seen: list[tuple[int, int]] = []
    questions = expand(pack, 4, seed=2, progress=lambda done, total: seen.append((done, total)))
    assert len(questions) == 3 + 2 * 4 + 3 * 4
    assert seen[-1] == (6, 6)
    assert expand(pack, 4, seed=2) == questions
    keys = [str(q.key) for q in questions]
    assert len(set(keys)) == len(keys)


def test_variant_one_is_the_network_as_written_and_the_rest_are_nudged() -> None:
    pack = load_pack(EXAMPLE)
    w5 = [q for q in expand(pack, 3) if str(q.key).startswith("pack:backprop-basics/mazur-w5/")]
    assert w5[0].answer is not None and f"{w5[0].answer.value:.7f}" == "0.0821670"
    assert "$w_{5} = 0.4$" in w5[0].prompt and "$w_{8} = 0.55$" in w5[0].prompt
    assert [q.key.question for q in w5 if isinstance(q.key, AuthoredKey)] == [
        "mazur-w5/0-0",
        "mazur-w5/0-1",
        "mazur-w5/0-2",
    ]
    assert all(q.answer is not None and q.answer.value != w5[0].answer.value for q in w5[1:])
    (only,) = [
        q for q in expand(pack, 1) if str(q.key).startswith("pack:backprop-basics/mazur-w5/")
    ]
    assert only.answer == w5[0].answer


def test_vary_false_keeps_every_variant_as_written() -> None:
    text = EXAMPLE.read_text().replace(
        'ask = "grad_weights[1][0][0]"', 'ask = "grad_weights[1][0][0]"\nvary = false'
    )
    pack = read_pack(text)
    w5 = [
        q
        for q in expand(pack, 4, seed=3)
        if str(q.key).startswith("pack:backprop-basics/mazur-w5/")
    ]
    assert len(w5) == 4 and len({str(q.key) for q in w5}) == 4
    assert {q.answer.value for q in w5 if q.answer} == {w5[0].answer.value if w5[0].answer else 0}
    assert {q.prompt for q in w5} == {w5[0].prompt}


def test_vary_must_be_true_or_false() -> None:
    text = EXAMPLE.read_text().replace(
        'ask = "grad_weights[1][0][0]"', 'ask = "grad_weights[1][0][0]"\nvary = "no"'
    )
    with pytest.raises(PackError, match="'vary' must be true or false"):
        read_pack(text)


def test_each_student_gets_one_variant_set_and_a_choice_order_of_their_own() -> None:
    pack = load_pack(EXAMPLE)
    seen: list[tuple[int, int]] = []
    exams = student_exams(pack, 2, 5, 4, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert all(len(exam) == len(pack_questions(pack)) for exam in exams)
    generated = [tuple(q.key for q in exam if not _authored(q)) for exam in exams]
    assert generated[0] == generated[2] and generated[1] == generated[3]
    assert generated[0] != generated[1]
    orders = {tuple(c.text for c in exam[1].choices) for exam in exams}
    assert len(orders) > 1, "the choices come in more than one order across students"
    for exam in exams:
        assert sorted(c.text for c in exam[1].choices) == sorted(
            c.text for c in pack_questions(pack)[1].choices
        )
    assert student_exams(pack, 2, 5, 4) == exams


def _authored(question: Question) -> bool:
    return isinstance(question.key, AuthoredKey) and "/" not in question.key.question


def test_a_multiple_choice_question_may_ask_for_all_or_nothing_scoring() -> None:
    text = EXAMPLE.read_text().replace(
        "multiple = true", 'multiple = true\nscoring = "all-or-nothing"'
    )
    (strict,) = [q for q in pack_questions(read_pack(text)) if q.kind is Kind.MULTIPLE]
    assert strict.scoring == "all-or-nothing"
    single = EXAMPLE.read_text().replace(
        "multiple = false", 'multiple = false\nscoring = "partial"'
    )
    with pytest.raises(PackError, match="'scoring' is for multiple = true questions"):
        read_pack(single)
    wrong = EXAMPLE.read_text().replace("multiple = true", 'multiple = true\nscoring = "some"')
    with pytest.raises(PackError, match="'scoring' must be one of partial, all-or-nothing"):
        read_pack(wrong)
