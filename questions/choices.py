"""Numeric questions as single-choice ones: the right value among real mistakes' values.

The distractors are the values that named mistakes give (questions.mistakes), so a wrong
pick is explained by the mistake behind it, exactly as a wrong typed number would be. The
order is shuffled by a generator seeded from the question's key, so the same key shows the
same order on every machine, and nothing touches global random state.

Every choice question (these, the bank's and a pack's) is then shown in an order of its own
per presentation: `presented_order(question, salt)` is a permutation drawn from the key and
a salt naming the presentation (an attempt's uuid, a PDF student's number), so the same
attempt shows the same order in its review, its exam report and History. `present` shows a
question in that order; `to_authored` and `to_shown` carry a response between the shown
positions and the authored indices, which is what is stored and graded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from questions.diagnosis import where_it_goes_wrong
from questions.mistakes import explain
from questions.model import Choice, Kind, MistakeValue, Question
from questions.notation import unicode_math
from questions.numbers import distinct_beyond_tolerance, format_number

if TYPE_CHECKING:
    import numpy as np


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
        where = where_it_goes_wrong(question, candidate)
        explanation = f"{explain(candidate.mistake, question)} {where}".strip()
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
    return unicode_math(f"{step.title}{working} = {step.result}.")


def _generator(question: Question) -> np.random.Generator:
    """The shuffle's own generator, seeded from the key alone."""
    import numpy as np  # not at import: the app's first screen needs no numpy

    return np.random.default_rng(zlib.crc32(f"choices:{question.key}".encode()))


Order = tuple[int, ...]
"""Authored choice indices in the order shown: order[k] is the choice shown k-th."""


def presented_order(question: Question, salt: str) -> Order:
    """The order one presentation shows the choices in, the same for the same key and salt.

    Empty for a question without choices. Drawn from a hash of the key and the salt, so it
    needs no state and reads back on any machine from what was stored (the salt).
    """
    count = len(question.choices)
    if count == 0:
        return ()
    digest = hashlib.sha256(f"shown:{question.key}:{salt}".encode()).digest()
    import numpy as np  # not at import: the app's first screen needs no numpy

    rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
    return tuple(int(i) for i in rng.permutation(count))


def present(question: Question, order: Sequence[int]) -> Question:
    """The question with its choices in `order` (unchanged for the empty order)."""
    if not order:
        return question
    if sorted(order) != list(range(len(question.choices))):
        raise ValueError(
            f"{question.key}: {list(order)} is not an order of its {len(question.choices)} choices"
        )
    return dataclasses.replace(question, choices=tuple(question.choices[i] for i in order))


def shown(question: Question, salt: str) -> tuple[Question, Order]:
    """The question as one presentation shows it, and the order it uses."""
    order = presented_order(question, salt)
    return present(question, order), order


def to_authored(order: Sequence[int], response: object) -> object:
    """A response given on the shown question, as authored indices (others pass unchanged)."""
    return _mapped(list(order), response)


def to_shown(order: Sequence[int], response: object) -> object:
    """An authored-index response as positions on the shown question (inverse of to_authored)."""
    inverse = [0] * len(order)
    for position, authored in enumerate(order):
        inverse[authored] = position
    return _mapped(inverse, response)


def _mapped(table: list[int], response: object) -> object:
    """Each choice index of a response through `table`; text, numbers out of range and other
    responses are left as they are, so grading still reports them as it would."""
    if not table:
        return response
    if isinstance(response, int) and not isinstance(response, bool):
        return table[response] if 0 <= response < len(table) else response
    if isinstance(response, str) and response.strip().isascii() and response.strip().isdigit():
        index = int(response.strip())
        return table[index] if index < len(table) else response
    if isinstance(response, list | tuple):
        return [_mapped(table, item) for item in response]
    return response
