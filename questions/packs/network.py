"""Network questions: the pack's own network as one Question, or N verified variants of it.

Every variant is solved by the engine and checked by the oracle (central differences on a
plain numpy pass) before it becomes a Question; the distractors are the mistake models'
values and the worked solution is read off the same pass. Variants are screened as the
families screen theirs: a variant whose answer band holds a mistake's value, that sits at a
ReLU kink, or whose answer is an accidental zero is drawn again from its own generator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.nn import NetworkBatch, NetworkRun, forward_backward
from questions.choices import as_single_choice
from questions.families import network_text as text
from questions.families.bands import distinct_mistakes, tolerance_array
from questions.model import AuthoredKey, Kind, MistakeValue, NumericAnswer, Question
from questions.numbers import within_sigfigs
from questions.packs.model import NetworkItem, Quantity
from questions.packs.network_mistakes import family_shaped, mistake_values
from questions.packs.network_solve import (
    agrees,
    batch_of,
    near_kink,
    nudge,
    oracle,
    pick,
    variant_rngs,
)

MAX_REDRAWS = 50
SMALLEST = 1e-4  # a variant's |answer| below this (and below a tenth of the pack's) is redrawn

HINTS = {
    "loss": "Run the network forward, then put its outputs and the targets into the loss.",
    "net": "net is the weighted sum of what enters the unit, plus its bias.",
    "out": "Compute net first, then apply the unit's activation to it.",
    "grad_out": "At an output, differentiate the loss; lower down, add δ·w over every unit fed.",
    "delta": "δ = ∂E/∂out · f'(net): the error at the unit times its activation's slope.",
    "grad_weights": "∂E/∂w is the delta of the unit w feeds times the activation entering via w.",
    "grad_biases": "net = ... + b, so ∂E/∂b is the unit's delta.",
    "new_weights": "w' = w − η·∂E/∂w, with the gradient from the weights before the step.",
    "new_biases": "b' = b − η·∂E/∂b, and ∂E/∂b is the unit's delta.",
}


class NetworkQuestionError(ValueError):
    """The pack's network cannot give a verified question; the message says why."""


@dataclass
class _Solved:
    batch: NetworkBatch
    run: NetworkRun
    answer: np.ndarray
    check: np.ndarray
    mistakes: dict[str, np.ndarray]
    family: bool  # one hidden layer, as the network families draw: their words


@np.errstate(all="ignore")  # overflow and NaN are found by the checks (agrees, isfinite)
def _solve(batch: NetworkBatch, ask: Quantity) -> _Solved:
    """The engine's pass, the oracle and the mistakes' values, without warnings on stderr."""
    run = forward_backward(batch)
    answer = pick(run, ask)
    mistakes = mistake_values(batch, run, ask, answer)
    return _Solved(batch, run, answer, oracle(batch, ask), mistakes, family_shaped(batch))


def pack_question(pack: str, version: str, title: str, item: NetworkItem) -> Question:
    """The question on the pack's own numbers; NetworkQuestionError if it cannot be verified."""
    solved = _solve(batch_of(item.spec), item.ask)
    if near_kink(solved.run)[0]:
        raise NetworkQuestionError(
            "a ReLU unit's net is within 0.01 of 0, where its slope jumps: move it off the kink"
        )
    if not agrees(solved.answer, solved.check)[0]:
        raise NetworkQuestionError(
            f"{item.ask}: the engine's value {float(solved.answer[0]):.12g} and central "
            f"differences {float(solved.check[0]):.12g} disagree"
        )
    right = float(solved.answer[0])
    for name, values in solved.mistakes.items():
        wrong = float(values[0])
        if math.isfinite(wrong) and (
            within_sigfigs(wrong, right, item.sigfigs) or within_sigfigs(right, wrong, item.sigfigs)
        ):
            raise NetworkQuestionError(
                f"{item.ask}: the mistake {name!r} gives {wrong:.6g}, which would be accepted "
                f"as the answer {right:.6g} to {item.sigfigs} significant figures; "
                "ask for more figures or change the numbers"
            )
    question = _build(AuthoredKey(pack, item.id, version), title, item, solved, 0)
    if item.form == "choice" and len(question.choices) < 2:
        raise NetworkQuestionError(
            f'form = "choice" needs a mistake model that gives another value for {item.ask}, '
            'and none does here; use form = "numeric"'
        )
    return question


def variant_questions(
    pack: str, version: str, title: str, item: NetworkItem, variants: int, seed: int
) -> list[Question]:
    """`variants` verified variants with nudged weights, reproducible from (pack, item, seed)."""
    if variants < 1:
        return []
    floor = min(SMALLEST, abs(_solve(batch_of(item.spec), item.ask).answer[0]) / 10)
    rngs = variant_rngs(pack, item.id, seed, variants)
    batch = batch_of(item.spec, variants)
    nudge(batch, range(variants), rngs)
    for _ in range(MAX_REDRAWS):
        solved = _solve(batch, item.ask)
        bad = np.flatnonzero(~_screen(solved, item, floor))
        if bad.size == 0:
            break
        nudge(batch, bad.tolist(), rngs)
    else:
        raise NetworkQuestionError(
            f"{item.ask}: variants {bad[:5].tolist()} gave no verified question in "
            f"{MAX_REDRAWS} draws; the network may be saturated or at a ReLU kink"
        )
    return [
        _build(AuthoredKey(pack, f"{item.id}/{seed}-{v}", version), title, item, solved, v)
        for v in range(variants)
    ]


@np.errstate(all="ignore")  # a variant that overflows is screened out, not warned about
def _screen(solved: _Solved, item: NetworkItem, floor: float) -> np.ndarray:
    """Keep a variant iff verified, off every kink, not near zero, and no mistake's value is
    accepted as the answer, nor the answer as the mistake's value (docs/design.md, grading)."""
    answer = solved.answer
    ok = agrees(answer, solved.check) & ~near_kink(solved.run) & (np.abs(answer) >= floor)
    band = tolerance_array(answer, item.sigfigs)
    distractors = np.zeros(len(answer), dtype=int)
    for values in solved.mistakes.values():
        gap = np.abs(values - answer)
        apart = (gap >= band) & (gap >= tolerance_array(values, item.sigfigs))
        ok &= np.isnan(values) | (np.isfinite(values) & apart)
        distractors += np.isfinite(values)
    if item.form == "choice":
        ok &= distractors > 0
    return ok


def _build(key: AuthoredKey, title: str, item: NetworkItem, s: _Solved, v: int) -> Question:
    ask = item.ask
    value = float(s.answer[v])
    rate = float(s.run.learning_rate[v])
    if s.family and ask.name != "loss":
        description, steps, diagram = text.family_solution(ask, s.run, v)
    else:
        description = text.describe(s.run, v)
        steps = text.solution(s.run, v, ask, value)
        diagram = text.generic_diagram(s.run, v)
    asked = text.ask_text(ask, text.names_of(s.run), rate)
    body = f"{description} {asked}"
    found = {k: float(x[v]) for k, x in s.mistakes.items() if math.isfinite(x[v])}
    kept = [
        m
        for m in distinct_mistakes(found, item.sigfigs)
        if not within_sigfigs(m.value, value, item.sigfigs)
        and not within_sigfigs(value, m.value, item.sigfigs)
    ]
    question = Question(
        key=key,
        topic=item.topic,
        kind=Kind.NUMERIC,
        prompt=f"{item.prompt}\n\n{body}" if item.prompt else body,
        title=title,
        answer=NumericAnswer(value, item.sigfigs),
        mistakes=tuple(MistakeValue(m.mistake, m.value) for m in kept),
        hints=item.hints or (HINTS[ask.name],),
        solution=tuple(steps),
        diagram=diagram,
        tags=(f"pack:{key.pack}",),
    )
    return as_single_choice(question) if item.form == "choice" else question
