"""Every family, every level, 1,000 seeds: verified, finite, distinct, reproducible."""

from __future__ import annotations

import math
import re
from itertools import pairwise

import numpy as np
import pytest
from matplotlib.mathtext import MathTextParser

from questions import registry
from questions.choices import as_single_choice
from questions.grading import grade, parse_number, within_sigfigs
from questions.grading_matrix import matches
from questions.matrix import format_matrix
from questions.mistakes import MISTAKES
from questions.model import TOPICS, Kind, Question

SEEDS = range(1000)
CASES = [(info.id, level) for info in registry.families() for level in info.levels]

LEVEL_STEPS: dict[int, tuple[str, range]] = {
    1: ("one chain-rule step or one unit, with the forward pass it needs", range(1, 10)),
    2: ("a path through a layer", range(1, 17)),
    3: ("the full network or several paths", range(1, 21)),
}
"""What each level means in every family, and how many worked steps its solutions may have.
Level 1's 9 is a hidden weight's gradient along a single path (one unit per layer): its
forward pass, the output's loss gradient, slope and delta, the delta sent back, the hidden
slope and delta, the product. Level 2's 16 updates a first-layer weight of a 2-3-2 network."""


def _numbers(question: Question) -> list[float]:
    values = [m.value for m in question.mistakes]
    if question.answer is not None:
        values.append(question.answer.value)
    values.extend(step.value for step in question.guided)
    if question.matrix is not None:
        values.extend(v for row in question.matrix.rows for v in row)
        values.extend(v for m in question.matrix_mistakes for row in m.rows for v in row)
    return values


@pytest.fixture(scope="module", params=CASES, ids=[f"{f}-L{lv}" for f, lv in CASES])
def batch(request) -> tuple[str, int, list[Question]]:
    family_id, level = request.param
    return family_id, level, registry.family(family_id).generate(level, SEEDS)


def test_catalogue_lists_families_in_topic_order_then_stage() -> None:
    infos = registry.families()
    assert all(i.topic in TOPICS for i in infos)
    order = [(TOPICS.index(i.topic), i.stage) for i in infos]
    assert order == sorted(order)
    backprop = [i.id for i in registry.families_for("mlp-backprop")]
    assert backprop[:3] == ["output-weight-gradient", "hidden-weight-gradient", "unit-delta"]


def test_every_variant_is_finite_and_keyed(batch) -> None:
    family_id, level, questions = batch
    assert len(questions) == len(SEEDS)
    for seed, question in zip(SEEDS, questions, strict=True):
        assert (question.key.family, question.key.level, question.key.seed) == (
            family_id,
            level,
            seed,
        )
        assert all(math.isfinite(v) for v in _numbers(question))
        assert question.prompt and question.solution


def test_each_level_needs_the_steps_it_allows(batch) -> None:
    family_id, level, questions = batch
    meaning, allowed = LEVEL_STEPS[level]
    counts = {len(q.solution) for q in questions}
    assert min(counts) in allowed and max(counts) in allowed, (
        f"{family_id} level {level} ({meaning}) takes {min(counts)} to {max(counts)} steps; "
        f"the level allows {allowed.start} to {allowed.stop - 1}"
    )


def test_a_higher_level_never_needs_fewer_steps_and_level_3_needs_more() -> None:
    for info in registry.families():
        counts = [
            [len(q.solution) for q in registry.family(info.id).generate(level, range(200))]
            for level in info.levels
        ]
        spans = [(min(c), max(c)) for c in counts]
        assert all(low[0] <= high[0] and low[1] <= high[1] for low, high in pairwise(spans)), (
            info.id,
            spans,
        )
        means = [sum(c) / len(c) for c in counts]
        assert means[-1] > means[0], (
            f"{info.id}: level {info.levels[-1]} takes {means[-1]:.1f} steps on average, no "
            f"more than level {info.levels[0]}'s {means[0]:.1f}: its levels do not grow"
        )


def test_same_key_gives_the_identical_question(batch) -> None:
    family_id, level, questions = batch
    family = registry.family(family_id)
    # Regenerated alone (a batch of one), a key must give exactly what the batch of 1,000
    # gave: no arithmetic may depend on how many variants share a pass.
    for seed in [*range(0, 1000, 40), 17, 999]:
        assert family.question(level, seed) == questions[seed], seed
    # and a different batch composition does not change a variant
    assert family.generate(level, [999, 17])[1] == questions[17]


def test_no_mistake_is_accepted_and_distractors_are_distinct(batch) -> None:
    _, _, questions = batch
    for q in questions:
        if q.kind is Kind.NUMERIC:
            assert q.answer is not None
            for n, m in enumerate(q.mistakes):
                assert m.mistake in MISTAKES
                assert not within_sigfigs(m.value, q.answer.value, q.answer.sigfigs)
                assert not within_sigfigs(q.answer.value, m.value, q.answer.sigfigs)
                for other in q.mistakes[n + 1 :]:  # each distractor names one mistake
                    assert not within_sigfigs(m.value, other.value, q.answer.sigfigs)
                    assert not within_sigfigs(other.value, m.value, q.answer.sigfigs)
        if q.kind is Kind.MATRIX:
            assert q.matrix is not None and q.matrix_mistakes
            rows = [q.matrix.rows, *(m.rows for m in q.matrix_mistakes)]
            for n, m in enumerate(q.matrix_mistakes):  # no two same-shape matrices agree
                assert m.mistake in MISTAKES
                assert not any(matches(m.rows, other, 3) for other in rows[: n + 1])
                assert not any(matches(other, m.rows, 3) for other in rows[: n + 1])
        if q.kind is Kind.FORMULA:
            assert q.formula is not None and q.formula_mistakes
            assert all(m.mistake in MISTAKES for m in q.formula_mistakes)
            assert len({m.expression for m in q.formula_mistakes}) == len(q.formula_mistakes)
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
            texts = [c.text for c in q.choices]
            assert len(set(texts)) == len(texts)
            assert any(c.correct for c in q.choices)
            assert all(c.explanation for c in q.choices)


def test_the_answer_grades_right_and_each_mistake_is_named(batch) -> None:
    _, _, questions = batch
    for q in questions[:200]:
        if q.kind is Kind.NUMERIC:
            assert grade(q, repr(q.answer.value)).correct
            for m in q.mistakes:
                verdict = grade(q, repr(m.value))
                assert not verdict.correct
                assert verdict.mistake == m.mistake
        elif q.kind is Kind.SINGLE:
            assert grade(q, q.correct_indices[0]).correct
        elif q.kind is Kind.MULTIPLE:
            assert grade(q, list(q.correct_indices)).correct
        elif q.kind is Kind.GUIDED:
            assert grade(q, [repr(s.value) for s in q.guided]).correct
        elif q.kind is Kind.MATRIX:
            assert grade(q, [[repr(v) for v in row] for row in q.matrix.rows]).correct
            for m in q.matrix_mistakes:
                verdict = grade(q, format_matrix(m.rows, 6))
                assert not verdict.correct
                if m.shape == q.matrix.shape:
                    assert verdict.mistake == m.mistake
                else:  # a wrong shape is a format error that still names the mistake
                    assert MISTAKES[m.mistake].explanation in (verdict.format_error or "")
        elif q.kind is Kind.FORMULA:
            assert grade(q, q.formula.expression).correct
            for m in q.formula_mistakes:
                verdict = grade(q, m.expression)
                assert not verdict.correct and verdict.mistake == m.mistake


def test_a_numeric_question_also_serves_as_multiple_choice(batch) -> None:
    _, _, questions = batch
    for q in questions[:200]:
        if q.kind is Kind.NUMERIC:
            choice = as_single_choice(q)
            assert len(choice.choices) >= 2  # the answer and at least one named mistake
            assert [c.correct for c in choice.choices].count(True) == 1
            assert len({c.text for c in choice.choices}) == len(choice.choices)
            assert all(c.mistake in MISTAKES for c in choice.choices if not c.correct)
            picked = choice.choices.index(next(c for c in choice.choices if not c.correct))
            assert grade(choice, picked).mistake == choice.choices[picked].mistake


def test_answers_are_well_conditioned(batch) -> None:
    _, _, questions = batch
    answers = np.array([q.answer.value for q in questions if q.kind is Kind.NUMERIC])
    answers = np.append(
        answers, [v for q in questions if q.matrix for r in q.matrix.rows for v in r]
    )
    if answers.size:
        assert np.all(np.abs(answers) < 1e4)


def _texts(question: Question) -> list[str]:
    texts = [question.prompt, *question.hints]
    texts += [s.formula for s in question.solution] + [s.title for s in question.solution]
    texts += [c.text for c in question.choices] + [c.explanation for c in question.choices]
    texts += [g.prompt for g in question.guided]
    if question.formula is not None:
        texts.append(question.formula.math)
    return texts


def test_every_formula_renders_as_mathtext(batch) -> None:
    parser = MathTextParser("path")
    _, _, questions = batch
    parsed: set[str] = set()
    for question in questions[:40]:
        for text in _texts(question):
            assert text.count("$") % 2 == 0, text
            # digits never change whether a segment parses: parse each shape once
            shapes = {re.sub(r"\d", "1", m) for m in re.findall(r"\$[^$]+\$", text)}
            for segment in shapes - parsed:
                parser.parse(segment)  # raises on anything the GUI could not draw
                parsed.add(segment)


def test_the_worked_solution_ends_at_the_answer(batch) -> None:
    _, _, questions = batch
    for question in questions[:50]:
        if question.kind is Kind.NUMERIC:
            last = question.solution[-1]
            assert within_sigfigs(parse_number(last.result), question.answer.value, 3), last
        if question.kind is Kind.MATRIX:
            last = question.solution[-1]
            assert grade(question, last.result).correct, last


def test_solution_steps_show_the_result_once(batch) -> None:
    _, _, questions = batch
    for question in questions[:30]:
        for step in question.solution:
            if step.result:
                substituted = step.substituted.replace(" ", "")
                assert not substituted.endswith("=" + step.result.replace(" ", "")), step
