"""Grade a learner's response to a Question: right or wrong, how much credit, and why.

A response that cannot be read (not a number, no choice picked, an index out of range) is a
*format error*: said plainly, and not counted as an attempt. A wrong numeric response is
compared with every mistake model's value, and a match is named to the learner.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from numbers import Integral, Real
from typing import cast

from questions.diagnosis import where_it_goes_wrong
from questions.grading_matrix import grade_matrix
from questions.grading_verdict import EXACT_FIGURES, Scoring, Verdict, answer_of, first_match
from questions.mistakes import MISTAKES, explain
from questions.model import Choice, GuidedStep, Kind, MistakeValue, NumericAnswer, Question
from questions.numbers import (
    FormatError,
    distinct_beyond_tolerance,
    format_number,
    format_plain,
    parse_number,
    tolerance,
    within_sigfigs,
)

__all__ = [
    "FormatError",
    "Scoring",
    "Verdict",
    "describe_tolerance",
    "diagnose",
    "distinct_beyond_tolerance",
    "grade",
    "grade_matrix",
    "grade_step",
    "parse_number",
    "tolerance",
    "within_sigfigs",
]


def describe_tolerance(answer: NumericAnswer) -> str:
    """The comparison rule in words, for the UI to show next to the answer box."""
    if answer.value == 0:
        return f"Answers within ±{format_plain(answer.zero_band)} of 0 count."
    band = format_plain(tolerance(answer.value, answer.sigfigs, answer.zero_band))
    figures = "significant figure" if answer.sigfigs == 1 else "significant figures"
    return f"Give {answer.sigfigs} {figures}; answers within ±{band} of the exact value count."


def diagnose(
    value: float, mistakes: Sequence[MistakeValue], sigfigs: int, zero_band: float = 1e-3
) -> str | None:
    """Id of the first mistake whose value `value` matches (same sig-fig band), else None."""
    return first_match(mistakes, lambda m: within_sigfigs(value, m.value, sigfigs, zero_band))


def grade(question: Question, response: object, *, scoring: Scoring | None = None) -> Verdict:
    """Grade a response to any kind of question; see the per-kind graders for the forms.

    A multiple-select question is scored by its own rule (`question.scoring`) unless
    `scoring` says otherwise."""
    if question.kind is Kind.NUMERIC:
        return _grade_numeric(question, response)
    if question.kind is Kind.SINGLE:
        return _grade_single(question, response)
    if question.kind is Kind.MULTIPLE:
        return _grade_multiple(question, response, scoring or cast(Scoring, question.scoring))
    if question.kind is Kind.GUIDED:
        return _grade_guided(question, response)
    if question.kind is Kind.FORMULA:
        from questions.grading_formula import grade_formula  # the engine's parser, on use

        return grade_formula(question, response)
    if question.kind is Kind.MATRIX:
        return grade_matrix(question, response, scoring=scoring or "all-or-nothing")
    raise ValueError(f"cannot grade questions of kind {question.kind!r}")


def _read_number(response: object) -> float:
    """A response as a float: text is parsed, a finite real number is taken as is."""
    if isinstance(response, str):
        return parse_number(response)
    if isinstance(response, Real) and not isinstance(response, bool):
        return parse_number(repr(float(response)))
    raise TypeError(f"a numeric response is text or a number, not {type(response).__name__}")


def _grade_numeric(question: Question, response: object) -> Verdict:
    """Compare with the answer by significant figures; diagnose a wrong value if possible."""
    answer = answer_of(question, question.answer, "answer")
    try:
        value = _read_number(response)
    except FormatError as error:
        return Verdict.unreadable(str(error))
    exact = format_number(answer.value, max(EXACT_FIGURES, answer.sigfigs + 2))
    if within_sigfigs(value, answer.value, answer.sigfigs, answer.zero_band):
        return Verdict(True, 1.0, "Within the tolerance of the exact value.", exact)
    found = diagnose(value, question.mistakes, answer.sigfigs, answer.zero_band)
    known = MISTAKES.get(found) if found else None
    if known is None:
        message = "Not within the tolerance, and no known mistake gives this value."
        return Verdict(False, 0.0, message, exact, mistake=found)
    located = next(m for m in question.mistakes if m.mistake == found)
    where = where_it_goes_wrong(question, located) or f"It goes wrong at: {known.step}."
    message = f"{explain(known.id, question)} {where}"
    return Verdict(False, 0.0, message, exact, mistake=found)


def _read_index(response: object, count: int) -> int:
    """A choice index from an int or a digit string; FormatError if absent or out of range."""
    if isinstance(response, str):
        text = response.strip()
        if not text:
            raise FormatError("Pick one of the choices.")
        if not (text.isascii() and text.isdigit()):
            raise FormatError(f"Pick a choice by its number, not {text[:20]!r}.")
        index = int(text)
    elif isinstance(response, Integral) and not isinstance(response, bool):
        index = int(response)
    elif response is None:
        raise FormatError("Pick one of the choices.")
    else:
        raise TypeError(f"a choice is an index, not {type(response).__name__}")
    if not 0 <= index < count:
        raise FormatError(f"There is no choice {index}: choices are numbered 0 to {count - 1}.")
    return index


def _right_choices(question: Question) -> str:
    """The text of every right choice, for `Verdict.expected`."""
    return "; ".join(question.choices[i].text.rstrip(". ") for i in question.correct_indices)


def _grade_single(question: Question, response: object) -> Verdict:
    """Right iff the picked choice is right; the choice's own explanation is the message."""
    try:
        index = _read_index(response, len(question.choices))
    except FormatError as error:
        return Verdict.unreadable(str(error))
    chosen = question.choices[index]
    expected = _right_choices(question)
    if chosen.correct:
        return Verdict(True, 1.0, chosen.explanation or "Correct.", expected)
    message = chosen.explanation or f"Not this one: the answer is “{expected}”."
    return Verdict(False, 0.0, message, expected, mistake=chosen.mistake)


def _grade_multiple(question: Question, response: object, scoring: Scoring) -> Verdict:
    """Score a set of picks.

    "all-or-nothing": 1 for exactly the right set, else 0. "partial" (PrairieLearn's
    "partial credit" for checkbox questions): max(0, (right picks - wrong picks) / number of
    right choices), so guessing everything earns nothing. `correct` needs the exact set.
    """
    if scoring not in ("all-or-nothing", "partial"):
        raise ValueError(f"unknown scoring rule {scoring!r}")
    right = set(question.correct_indices)
    if not right:
        raise ValueError(f"multiple-select question {question.key} has no right choice")
    if isinstance(response, str | bytes) or not isinstance(response, Collection):
        raise TypeError(f"multiple-select responses are a collection of indices, not {response!r}")
    try:
        picked = {_read_index(r, len(question.choices)) for r in response}
    except FormatError as error:
        return Verdict.unreadable(str(error))
    if not picked:
        return Verdict.unreadable("Select at least one choice.")
    hits, misses = len(picked & right), len(picked - right)
    expected = _right_choices(question)
    if picked == right:
        return Verdict(True, 1.0, "Correct: every right choice and nothing else.", expected)
    score = max(0.0, (hits - misses) / len(right)) if scoring == "partial" else 0.0
    wrong_picks = sorted(picked - right)
    lines = [
        f"You picked {hits} of the {len(right)} right choices and {_count(misses, 'wrong one')}:"
    ]
    lines += [_wrongly_picked(question.choices[i]) for i in wrong_picks]
    lines += [_also_right(question.choices[i]) for i in sorted(right - picked)]
    mistakes = [question.choices[i].mistake for i in wrong_picks if question.choices[i].mistake]
    message = "\n".join(lines)
    return Verdict(False, score, message, expected, mistake=next(iter(mistakes), None))


def _count(n: int, noun: str) -> str:
    """'1 wrong one', '2 wrong ones': a count in plain English."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _wrongly_picked(choice: Choice) -> str:
    """One line for a wrong choice the learner picked, naming it."""
    return f"• Not right: “{choice.text}”. {choice.explanation}".strip()


def _also_right(choice: Choice) -> str:
    """One line for a right choice the learner left out, naming it."""
    return f"• Also right: “{choice.text}”. {choice.explanation}".strip()


def grade_step(step: GuidedStep, text: str) -> Verdict:
    """Check one blank of a guided question as it is entered."""
    try:
        value = _read_number(text)
    except FormatError as error:
        return Verdict.unreadable(str(error))
    exact = format_number(step.value, max(EXACT_FIGURES, step.sigfigs + 2))
    shown = format_number(step.value, step.sigfigs)
    if within_sigfigs(value, step.value, step.sigfigs):
        return Verdict(True, 1.0, f"Right: {step.node} = {shown}.", exact)
    return Verdict(False, 0.0, f"Not quite: {step.node} is {shown}.", exact)


def _grade_guided(question: Question, response: object) -> Verdict:
    """Grade the steps entered so far; the score is the fraction of all steps that are right."""
    steps = question.guided
    if not steps:
        raise ValueError(f"guided question {question.key} has no steps")
    if isinstance(response, str) or not isinstance(response, Sequence):
        raise TypeError(f"guided responses are a sequence of texts, not {response!r}")
    if len(response) > len(steps):
        raise ValueError(f"{len(response)} answers for {len(steps)} steps")
    if not response:
        return Verdict.unreadable(f"Fill in the first blank ({steps[0].node}).")
    verdicts = [grade_step(step, text) for step, text in zip(steps, response, strict=False)]
    for number, (step, verdict) in enumerate(zip(steps, verdicts, strict=False), start=1):
        if verdict.format_error:
            return Verdict.unreadable(f"Step {number} ({step.node}): {verdict.format_error}")
    right = sum(v.correct for v in verdicts)
    expected = "; ".join(f"{s.node} = {format_number(s.value, s.sigfigs)}" for s in steps)
    if right == len(steps):
        return Verdict(True, 1.0, f"Correct: all {right} steps are right.", expected)
    lines = [f"{right} of {len(steps)} steps right."]
    lines += [v.message for v in verdicts if not v.correct]
    if len(verdicts) < len(steps):
        lines.append(f"{_count(len(steps) - len(verdicts), 'step')} still to fill in.")
    return Verdict(False, right / len(steps), " ".join(lines), expected)
