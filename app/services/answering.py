"""Grade an answer, derive its rating, and store the attempt with the new schedule together."""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from fsrs import Rating

from app.services.context import Context
from app.services.scheduling import Memory, derive_rating, parse_rating, review_state
from app.store.records import Attempt, ReviewState
from questions.choices import Order, to_authored
from questions.grading import Verdict, grade
from questions.model import Question


class OverrideRefused(ValueError):
    """A rating that can no longer be changed; the message says why."""


class SessionError(RuntimeError):
    """A call that does not fit the session's state; the message says what to do instead."""


@dataclass(frozen=True)
class AnswerOutcome:
    """What one submitted answer changed: the verdict, the schedule and the session's counts.

    `recorded` is False for a response that could not be read: nothing was stored, and the
    same question stays current. `due_now`, `done` and `remaining` let a page refresh.
    """

    verdict: Verdict
    question: Question
    recorded: bool
    rating: Rating | None = None
    next_due: datetime | None = None
    attempt_uuid: str | None = None
    due_now: int = 0
    done: int = 0
    remaining: int = 0


@dataclass(frozen=True)
class Scheduled:
    """An answer ready to store: the attempt, the skill's new review state, the rating."""

    attempt: Attempt
    state: ReviewState
    rating: Rating


def response_text(response: object) -> str:
    """How a response is stored: text as typed, choices and guided steps as a JSON list."""
    if isinstance(response, str):
        return response
    if isinstance(response, int | float) and not isinstance(response, bool):
        return repr(response)
    if isinstance(response, Collection):
        items = list(response)
        if all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            items = sorted(items)
        return json.dumps(items)
    return repr(response)


def check_effort(hints_used: int, seconds: float) -> None:
    """Refuse a negative hint count or a time that is not a finite number of seconds >= 0."""
    if not isinstance(hints_used, int) or isinstance(hints_used, bool) or hints_used < 0:
        raise ValueError(f"hints_used must be a whole number >= 0, not {hints_used!r}")
    if not isinstance(seconds, int | float) or not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds must be a finite number >= 0, not {seconds!r}")


def schedule(
    ctx: Context,
    profile_id: int,
    question: Question,
    verdict: Verdict,
    response: object,
    *,
    mode: str,
    session_id: int | None,
    hints_used: int,
    seconds: float,
    at: datetime,
    previous: ReviewState | None,
    uuid: str | None = None,
    order: Order = (),
) -> Scheduled:
    """The attempt and review state one graded answer produces (nothing is written); `uuid`
    names the attempt (a fresh one if None); a choice response given on the question shown
    in `order` is stored as authored indices."""
    skill = question.key.skill
    before = ctx.scheduling.memory(previous, skill, at)
    rating = derive_rating(verdict.correct, hints_used, seconds, before.times)
    attempt = Attempt(
        profile_id=profile_id,
        question_key=str(question.key),
        skill=skill,
        topic=question.topic,
        mode=mode,
        response=response_text(to_authored(order, response)),
        correct=verdict.correct,
        score=verdict.score,
        seconds=float(seconds),
        session_id=session_id,
        mistake=verdict.mistake,
        hints_used=hints_used,
        answered_at=at,
        **({} if uuid is None else {"uuid": uuid}),
    )
    memory = ctx.scheduling.review(
        before, rating, at, seconds, attempt.uuid, is_new=previous is None
    )
    return Scheduled(attempt, review_state(profile_id, skill, question.topic, memory), rating)


def submit_answer(
    ctx: Context,
    profile_id: int,
    question: Question,
    response: object,
    *,
    mode: str,
    session_id: int | None,
    hints_used: int = 0,
    seconds: float = 0.0,
    uuid: str | None = None,
    order: Order = (),
) -> AnswerOutcome:
    """Grade and, unless unreadable, store the attempt and new schedule in one transaction.

    `question` is as shown (its choices in `order`, see questions.choices) and `uuid` the
    attempt's, the salt the order was drawn with.
    """
    check_effort(hints_used, seconds)
    verdict = grade(question, response)
    if not verdict.counts_as_attempt:
        return AnswerOutcome(verdict, question, recorded=False)
    at = ctx.utc_now()
    make = partial(
        schedule,
        ctx,
        profile_id,
        question,
        verdict,
        response,
        mode=mode,
        session_id=session_id,
        hints_used=hints_used,
        seconds=seconds,
        at=at,
        uuid=uuid,
        order=order,
    )
    skill = question.key.skill  # its state is read and rewritten in one transaction
    [done], _ = ctx.repo.record_scheduled(profile_id, lambda read: [make(previous=read(skill))])
    return AnswerOutcome(
        verdict,
        question,
        recorded=True,
        rating=done.rating,
        next_due=done.state.due,
        attempt_uuid=done.attempt.uuid,
        due_now=ctx.due_now(profile_id),
    )


def override_rating(
    ctx: Context, profile_id: int, skill: str, attempt_uuid: str, rating: Rating | int | str
) -> ReviewState:
    """Re-schedule a skill as if its last answer had earned `rating` instead.

    Only the latest answer on a skill can be re-rated: a later review built on it.
    """
    chosen = parse_rating(rating)

    def rerated(state: ReviewState | None) -> ReviewState:
        memory = None if state is None else Memory.from_json(state.card_json)
        if state is None or memory is None or memory.last is None:
            raise OverrideRefused(f"{skill} has no review to re-rate")
        if memory.last.attempt != attempt_uuid:
            raise OverrideRefused(
                f"{skill} was reviewed again after that answer; only the latest answer's "
                "rating can be changed"
            )
        changed = ctx.scheduling.override(memory, chosen, skill)
        return review_state(profile_id, skill, state.topic, changed)

    return ctx.repo.change_review_state(profile_id, skill, rerated)


def rerate(
    ctx: Context, profile_id: int, last: AnswerOutcome | None, rating: Rating | int | str
) -> AnswerOutcome:
    """The last outcome of a session with its rating replaced and its skill rescheduled."""
    if last is None or last.attempt_uuid is None:
        raise OverrideRefused("no answer in this session to re-rate yet")
    chosen = parse_rating(rating)
    state = override_rating(ctx, profile_id, last.question.key.skill, last.attempt_uuid, chosen)
    return replace(last, rating=chosen, next_due=state.due, due_now=ctx.due_now(profile_id))
