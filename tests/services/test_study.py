"""A study session: due reviews first, fresh variants, the pace of new skills, overrides."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fsrs import Rating

from app.services import Services, open_services
from app.services.answering import OverrideRefused, SessionError
from questions.bank import questions_for
from questions.model import FamilyKey

from .helpers import right_response, wrong_response

BANK1, BANK2 = (q.key.skill for q in questions_for("chain-rule")[:2])


@pytest.fixture(params=["sqlite", "postgresql"])
def anywhere(request, db_url, clock, scheduling, small_content) -> Iterator[Services]:
    """The small content's services on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        url = db_url
    else:
        url = request.getfixturevalue("postgres_server").create_database("study")
    with open_services(url, clock, scheduling, small_content) as opened:
        yield opened


def test_a_study_session_end_to_end(anywhere: Services, clock) -> None:
    svc = anywhere
    ada = svc.create_profile("Ada")
    svc.update_settings(ada.id, new_per_day=3)

    day1 = svc.study(ada.id)
    first = day1.next()
    assert first is not None and first.key.skill == BANK1
    assert day1.next() is first  # the same question until it is answered
    outcome = day1.submit(right_response(first), seconds=30)
    assert outcome.recorded and outcome.verdict.correct and outcome.rating == Rating.Good
    assert outcome.next_due == clock() + timedelta(minutes=10)  # fsrs's second learning step

    clock.advance(minutes=1)
    second = day1.next()
    assert second is not None and second.key.skill == BANK2
    outcome = day1.submit(wrong_response(second), seconds=30)
    assert outcome.rating == Rating.Again and outcome.next_due == clock() + timedelta(minutes=1)

    clock.advance(minutes=2)
    again = day1.next()
    assert again is not None and again.key.skill == BANK2  # due again: before anything new
    day1.submit(right_response(again), seconds=30)

    third = day1.next()
    assert third is not None and third.key.skill == "unit-delta/L1"
    outcome = day1.submit(right_response(third), seconds=30)
    assert (outcome.done, outcome.remaining) == (4, 0)
    assert day1.next() is None  # nothing due, and the day's three new skills are used
    assert day1.record.ended_at == clock() and day1.record.score == 3 / 4
    assert len(svc.repo.attempts_for_session(day1.record.id)) == 4

    clock.advance(days=1)
    due_order = [s.skill for s in svc.repo.due_reviews(ada.id, clock())]
    assert sorted(due_order) == sorted([BANK1, BANK2, "unit-delta/L1"])
    day2 = svc.study(ada.id)
    seen = []
    while (question := day2.next()) is not None:
        seen.append(question)
        day2.submit(right_response(question), seconds=30)
        clock.advance(seconds=30)
    assert [q.key.skill for q in seen] == [*due_order, "unit-delta/L2", "unit-delta/L3"]
    review = next(q for q in seen if q.key.skill == "unit-delta/L1")
    assert isinstance(review.key, FamilyKey) and isinstance(third.key, FamilyKey)
    assert review.key.seed != third.key.seed  # a fresh variant of the same skill
    stored = [a.question_key for a in svc.repo.attempts_for_session(day2.record.id)]
    assert stored == [str(q.key) for q in seen]


def test_new_skills_stop_at_the_daily_pace(small: Services, clock) -> None:
    ada = small.create_profile("Ada")
    small.update_settings(ada.id, new_per_day=2)
    session = small.study(ada.id)
    assert session.progress.new_left == 2
    for _ in range(2):
        question = session.next()
        assert question is not None
        session.submit(right_response(question), seconds=30)
        clock.advance(seconds=10)
    assert session.next() is None
    assert small.home(ada.id).new_today == 2
    assert small.study(ada.id).next() is None  # a second session the same day: nothing new
    clock.advance(days=1)
    tomorrow = small.study(ada.id)
    assert tomorrow.progress.new_left == 2 and tomorrow.progress.due_now == 2


def test_an_unreadable_answer_records_nothing_and_keeps_the_question(small: Services) -> None:
    ada = small.create_profile("Ada")
    session = small.study(ada.id)
    question = session.next()
    assert question is not None
    outcome = session.submit("the first one")
    assert not outcome.recorded and outcome.verdict.format_error
    assert outcome.attempt_uuid is None and outcome.rating is None
    assert session.next() is question
    assert small.repo.attempts_for_session(session.record.id) == []
    assert small.repo.known_skills(ada.id) == frozenset()


def test_the_learner_can_override_the_rating_after_submitting(small: Services, clock) -> None:
    ada = small.create_profile("Ada")
    session = small.study(ada.id)
    question = session.next()
    assert question is not None
    good = session.submit(right_response(question), seconds=30)
    assert good.rating == Rating.Good

    easy = session.override("Easy")
    assert easy.rating == Rating.Easy and easy.attempt_uuid == good.attempt_uuid
    assert easy.next_due is not None and good.next_due is not None
    assert easy.next_due > good.next_due
    assert small.repo.get_review_state(ada.id, question.key.skill).due == easy.next_due

    assert good.attempt_uuid is not None
    again = small.override_rating(good.attempt_uuid, Rating.Again)
    assert again.due == good.next_due - timedelta(minutes=9)  # 1 minute after the answer
    assert len(small.repo.attempts_for_session(session.record.id)) == 1  # no new attempt


def test_only_the_latest_answer_on_a_skill_can_be_re_rated(small: Services, clock) -> None:
    ada = small.create_profile("Ada")
    session = small.study(ada.id)
    question = session.next()
    assert question is not None
    first = session.submit(wrong_response(question), seconds=30)
    clock.advance(minutes=5)
    again = session.next()
    assert again is not None and again.key.skill == question.key.skill
    session.submit(right_response(again), seconds=30)
    assert first.attempt_uuid is not None
    with pytest.raises(OverrideRefused, match="reviewed again after that answer"):
        small.override_rating(first.attempt_uuid, Rating.Good)
    with pytest.raises(OverrideRefused, match="no answer not-an-attempt is stored"):
        small.override_rating("not-an-attempt", Rating.Good)


def test_submitting_before_asking_is_refused(small: Services) -> None:
    session = small.study(small.create_profile("Ada").id)
    with pytest.raises(SessionError, match="call next"):
        session.submit("0.5")
    with pytest.raises(OverrideRefused, match="no answer in this session"):
        session.override(Rating.Good)


def test_a_skill_answered_wrong_comes_back_after_three_others_and_at_the_end(
    small: Services,
) -> None:
    ada = small.create_profile("Ada")
    small.update_settings(ada.id, new_per_day=5)
    session = small.study(ada.id)
    asked: list[str] = []

    def answer(right: bool) -> None:
        question = session.next()
        assert question is not None
        asked.append(question.key.skill)
        response = right_response(question) if right else wrong_response(question)
        session.submit(response, seconds=20)

    answer(False)  # the clock stands still: its one-minute relearning step never passes
    assert session.progress.remaining == 5  # four new skills, and the one to relearn
    for _ in range(3):
        answer(True)
    answer(False)  # back after three others, and wrong again
    answer(True)  # the last new skill
    answer(True)  # nothing else left: it comes back before the session ends
    assert asked == [BANK1, BANK2, "unit-delta/L1", "unit-delta/L2", BANK1, "unit-delta/L3", BANK1]
    assert session.next() is None and session.record.ended_at is not None
    assert (session.progress.done, session.progress.correct) == (7, 5)


def test_another_variant_counts_in_the_session_as_in_the_schedule(small: Services) -> None:
    ada = small.create_profile("Ada")
    small.update_settings(ada.id, new_per_day=5)
    session = small.study(ada.id)
    while (question := session.next()) is not None and not question.key.skill.startswith("unit"):
        session.submit(right_response(question), seconds=20)
    assert question is not None
    session.submit(wrong_response(question), seconds=20)
    variant = session.variant(question)  # shown in an order of its own
    outcome = session.submit_extra(variant, right_response(variant), seconds=20)
    assert outcome.recorded and outcome.done == 4 == session.progress.done
    assert session.progress.correct == 3
    stored = small.repo.attempts_for_session(session.record.id)
    assert len(stored) == session.progress.done and stored[-1].question_key == str(variant.key)
    assert sum(a.correct for a in stored) == session.progress.correct
    state = small.repo.get_review_state(ada.id, question.key.skill)
    assert state is not None and state.reps == 2  # both answers reviewed the skill
    assert session.override(Rating.Easy).attempt_uuid == outcome.attempt_uuid
    asked = [q.key.skill for q in iter(session.next, None) if session.submit(right_response(q))]
    assert question.key.skill not in asked  # answered right as a variant: relearned
