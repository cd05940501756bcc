"""Statistics series and the home summary after answers given on a fixed clock."""

from __future__ import annotations

from datetime import date, timedelta, timezone

from app.services import Services
from app.services.statistics import streak
from questions.mistakes import MISTAKES
from questions.model import TOPICS

from .helpers import mistaken_response, right_response, wrong_response


def _answer(session, correct: bool, seconds: float, mistake: bool = False):
    question = session.next()
    assert question is not None
    if mistake:
        response, _ = mistaken_response(question)
    else:
        response = right_response(question) if correct else wrong_response(question)
    return session.submit(response, seconds=seconds)


def test_statistics_series_after_two_days_of_answers(small: Services, clock) -> None:
    ada = small.create_profile("Ada")
    small.update_settings(ada.id, new_per_day=5)
    day1 = small.study(ada.id)
    _answer(day1, True, 30)
    _answer(day1, True, 40)
    outcome = _answer(day1, False, 50, mistake=True)  # unit-delta/L1, a named mistake
    clock.advance(days=1)
    day2 = small.study(ada.id)
    for _ in range(2):
        _answer(day2, True, 20.5)
        clock.advance(seconds=5)

    stats = small.statistics(ada.id)
    assert stats.accuracy.x == [date(2024, 5, 6), date(2024, 5, 7)]
    assert stats.accuracy.y == [2 / 3, 1.0] and stats.accuracy.extra["attempts"] == [3, 2]
    assert stats.mastery.x == list(TOPICS)
    mastery = dict(zip(stats.mastery.x, stats.mastery.y, strict=True))
    assert 0 < mastery["chain-rule"] <= 1 and 0 < mastery["mlp-backprop"] < mastery["chain-rule"]
    assert mastery["losses"] == 0  # nothing seen
    assert len(stats.due.x) == 30 and stats.due.x[0] == date(2024, 5, 7)
    assert sum(stats.due.y) == 3  # every skill seen falls due within the month
    assert stats.time_per_question.y == [30, 40, 50, 20.5, 20.5]
    assert stats.time_per_question.extra["correct"] == [True, True, False, True, True]
    mistake_id = outcome.verdict.mistake
    assert mistake_id is not None
    assert stats.mistakes.x == [MISTAKES[mistake_id].name] and stats.mistakes.y == [1]
    assert stats.mistakes.extra["id"] == [mistake_id]

    home = small.home(ada.id)
    assert (home.attempts, home.correct, home.streak) == (5, 4, 2)
    assert home.skills_started == 3 and home.skills_total == 5
    assert home.mastery == stats.mastery
    assert home.due_now == small.study(ada.id).progress.due_now


def test_days_follow_the_learners_time_zone(small: Services, clock) -> None:
    ada = small.create_profile("Ada")
    clock.time = clock.time.astimezone(timezone(timedelta(hours=-10)))
    session = small.study(ada.id)  # 09:00 UTC is 23:00 the day before at UTC-10
    _answer(session, True, 30)
    assert small.statistics(ada.id).accuracy.x == [date(2024, 5, 5)]


def test_a_streak_ends_today_or_yesterday() -> None:
    today = date(2024, 5, 10)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 4)}
    assert streak(days, today) == 3
    assert streak(days - {today}, today) == 2  # today not practised yet: still counts
    assert streak({today - timedelta(days=2)}, today) == 0
    assert streak(set(), today) == 0


def test_a_new_learner_has_empty_series(small: Services) -> None:
    ada = small.create_profile("Ada")
    stats = small.statistics(ada.id)
    assert stats.accuracy.x == [] and stats.time_per_question.y == [] and stats.mistakes.x == []
    assert set(stats.mastery.y) == {0.0} and sum(stats.due.y) == 0
    home = small.home(ada.id)
    assert (home.due_now, home.streak, home.attempts, home.skills_started) == (0, 0, 0, 0)


def test_each_topic_drills_down_to_its_skills_and_latest_answers(small: Services) -> None:
    ada = small.create_profile("Ada")
    session = small.study(ada.id)
    first = _answer(session, True, 30)
    _answer(session, False, 12)
    topics = small.statistics(ada.id).topics
    assert set(topics) == set(TOPICS)
    answered = [(t, d) for t, d in topics.items() if d.recent]
    assert sum(len(d.recent) for _, d in answered) == 2
    topic, detail = answered[0]
    newest = detail.recent[0]
    assert newest[0] >= detail.recent[-1][0]  # newest first
    skills = {s.skill: s for s in detail.skills}
    assert all(skill in skills for _, skill, _, _ in detail.recent)
    assert max(s.recall for s in detail.skills) > 0  # a skill reviewed is remembered now
    assert first is not None and topic in TOPICS
