"""A pack as Questions: its own set, and deterministic export variants with the right keys."""

from __future__ import annotations

from pathlib import Path

from questions import registry
from questions.model import AuthoredKey, FamilyKey, Kind
from questions.packs import expand, load_pack, pack_questions, student_exams
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


def test_each_student_gets_a_variant_set_of_their_own_and_the_same_again() -> None:
    pack = load_pack(EXAMPLE)
    seen: list[tuple[int, int]] = []
    exams = student_exams(pack, 1, 5, 3, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert exams[0] == expand(pack, 1, seed=5) and exams[2] == expand(pack, 1, seed=7)
    generated = [[q.key for q in exam if not isinstance(q.key, AuthoredKey)] for exam in exams]
    assert len({tuple(keys) for keys in generated}) == 3
    assert student_exams(pack, 1, 5, 3) == exams
