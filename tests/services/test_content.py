"""Skills in teaching order, fresh variants for family skills, and picking quiz skills."""

from __future__ import annotations

import random

import pytest

from app.services.content import Content, check_topics, pick_skills
from questions.bank import questions_for
from questions.model import TOPICS, FamilyKey


def test_small_content_interleaves_bank_and_family_skills_by_topic_then_level(
    small_content: Content,
) -> None:
    ids = [s.id for s in small_content.skills()]
    bank = [q.key.skill for q in questions_for("chain-rule")[:2]]
    assert ids == [*bank, "unit-delta/L1", "unit-delta/L2", "unit-delta/L3"]


def test_whole_content_follows_topic_order_and_levels_rise_within_a_topic() -> None:
    skills = Content().skills()
    order = [TOPICS.index(s.topic) for s in skills]
    assert order == sorted(order)
    for topic in TOPICS:
        levels = [s.level for s in skills if s.topic == topic and s.is_family]
        assert levels == sorted(levels)
        assert sum(not s.is_family for s in skills if s.topic == topic) == len(questions_for(topic))


def test_each_family_question_is_a_fresh_variant_of_the_same_skill(
    small_content: Content,
) -> None:
    skill = small_content.skill("unit-delta/L2")
    assert skill is not None
    keys = [small_content.question(skill).key for _ in range(5)]
    assert all(isinstance(k, FamilyKey) and k.skill == "unit-delta/L2" for k in keys)
    assert len({k.seed for k in keys}) == 5


def test_an_authored_skill_gives_its_bank_question(small_content: Content) -> None:
    first = questions_for("chain-rule")[0]
    skill = small_content.skill(first.key.skill)
    assert skill is not None and not skill.is_family
    assert small_content.question(skill) == first


def test_questions_batch_families_and_report_progress(small_content: Content) -> None:
    skills = small_content.skills() + small_content.skills()[2:]
    calls: list[tuple[int, int]] = []
    made = small_content.questions(skills, lambda done, total: calls.append((done, total)))
    assert [q.key.skill for q in made] == [s.id for s in skills]
    assert calls[0] == (2, 8) and calls[-1] == (8, 8)  # bank questions need no work
    assert len({q.key for q in made}) == len(made)  # repeated family skills: other variants


def test_pick_skills_uses_each_once_before_repeating_family_skills(
    small_content: Content,
) -> None:
    picked = pick_skills(small_content, ["chain-rule", "mlp-backprop"], 7, 2, random.Random(1))
    ids = [s.id for s in picked]
    assert set(ids[:3]) == {
        *(q.key.skill for q in questions_for("chain-rule")[:2]),
        "unit-delta/L2",
    }
    assert ids[3:] == ["unit-delta/L2"] * 4


@pytest.mark.parametrize(
    ("topics", "count", "level", "message"),
    [
        (["chain-rule"], 0, 1, "whole number >= 1"),
        (["chain-rule"], 3, 4, "difficulty is a level"),
        (["calculus"], 3, 1, "unknown topic 'calculus'"),
        ([], 3, 1, "at least one topic"),
    ],
)
def test_bad_quiz_choices_are_refused_plainly(small_content, topics, count, level, message):
    with pytest.raises(ValueError, match=message):
        pick_skills(small_content, topics, count, level)


def test_topics_come_back_in_teaching_order() -> None:
    assert check_topics(["losses", "purpose", "losses"]) == ("purpose", "losses")
