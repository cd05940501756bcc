"""Numeric questions as single-choice ones: the right value among real mistakes' values.

The distractors are the values that named mistakes give (questions.mistakes), so a wrong
pick is explained by the mistake behind it, exactly as a wrong typed number would be. The
order is shuffled by a generator seeded from the question's key, so the same key shows the
same order on every machine, and nothing touches global random state.
"""

from __future__ import annotations

import dataclasses
import math
import zlib

import numpy as np

from questions.mistakes import mistake
from questions.model import Choice, Kind, MistakeValue, Question
from questions.numbers import distinct_beyond_tolerance, format_number


def as_single_choice(question: Question, choices: int = 4) -> Question:
    """The same question, kind SINGLE: the right value and up to choices - 1 mistake values.

    Distractors are taken in the question's mistake order, skipping any that would be
    accepted as the answer or as an earlier choice (the sig-fig band) or that would look the
    same when shown; the answer is kept on the question for reference.
    """
    if question.kind is not Kind.NUMERIC or question.answer is None:
        raise ValueError(
            f"{question.key}: only a numeric question with an answer can become single choice "
            f"(this one is {question.kind.value})"
        )
    if choices < 2:
        raise ValueError(f"a single-choice question needs at least 2 choices, not {choices}")
    answer = question.answer
    right = Choice(
        format_number(answer.value, answer.sigfigs), True, _why_right(question), mistake=None
    )
    options = [right]
    values = [answer.value]
    for candidate in question.mistakes:
        if len(options) == choices:
            break
        text = format_number(candidate.value, answer.sigfigs)
        if not _stands_apart(candidate, values, answer.sigfigs, answer.zero_band) or any(
            option.text == text for option in options
        ):
            continue
        values.append(candidate.value)
        explanation = mistake(candidate.mistake).explanation
        options.append(Choice(text, False, explanation, candidate.mistake))
    order = _generator(question).permutation(len(options))
    return dataclasses.replace(question, kind=Kind.SINGLE, choices=tuple(options[i] for i in order))


def _stands_apart(
    candidate: MistakeValue, taken: list[float], sigfigs: int, zero_band: float
) -> bool:
    """True iff the value is finite and neither it nor a taken value falls in the other's band."""
    return math.isfinite(candidate.value) and distinct_beyond_tolerance(
        [*taken, candidate.value], sigfigs, zero_band
    )


def _why_right(question: Question) -> str:
    """One line on why the right value is right: the last step of the worked solution."""
    if not question.solution:
        return "This is the verified value."
    step = question.solution[-1]
    working = f" = {step.substituted}" if step.substituted else ""
    return f"{step.title}{working} = {step.result}."


def _generator(question: Question) -> np.random.Generator:
    """The shuffle's own generator, seeded from the key alone."""
    return np.random.default_rng(zlib.crc32(f"choices:{question.key}".encode()))
