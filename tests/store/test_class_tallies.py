"""The class report's tallies, kept by triggers, always agree with the answers themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from app.store import class_sources
from app.store.class_reads import ClassReads
from app.store.class_records import ClassFilter
from app.store.models import AttemptRow, ReviewStateRow
from app.store.repository import Repository

from .factories import T0, attempt, review_state

DAY0 = datetime(2024, 3, 10, tzinfo=UTC)
"""Midnight UTC of T0's day; the class below answers on that day and the four after it."""


def _day(n: int) -> datetime:
    return DAY0 + timedelta(days=n)


def _rows(records: list) -> list[tuple]:
    """Records as sorted tuples, numbers rounded (two sums may add in another order)."""
    rows = [tuple(vars(r).values()) for r in records]
    return sorted(tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows)


def _figures(repo: Repository, f: ClassFilter) -> tuple[list[tuple], ...]:
    figures = ClassReads(repo.db).figures(f, T0, -0.15, 0.2)
    return tuple(
        _rows(part)
        for part in (figures.items, figures.item_mistakes, figures.mistakes, figures.learner_topics)
    )


def _from_the_answers(
    repo: Repository, f: ClassFilter, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple], ...]:
    """The same figures counted from the answers themselves, every tally bypassed."""
    with monkeypatch.context() as m:
        m.setattr(class_sources, "source", lambda _s, _f: "answers")
        return _figures(repo, f)


def _class(repo: Repository) -> list[int]:
    """Three learners answering over five days, at different hours, some wrong."""
    ids = [repo.create_profile(name).id for name in ("Ada", "Bo", "Cy")]
    for n, profile_id in enumerate(ids):
        for i in range(10):
            wrong = (i + n) % 3 == 0
            repo.record_attempt(
                attempt(
                    profile_id,
                    question_key=f"q{i}",
                    skill=f"chain-rule/L{i % 2 + 1}" if i % 5 else "losses/L1",
                    topic="chain-rule" if i % 5 else "losses",
                    correct=not wrong,
                    mistake=("no-slope" if i % 2 else "one-path") if wrong else None,
                    seconds=5.0 + i + n,
                    answered_at=_day(i % 5) + timedelta(hours=3 + 2 * i + n),
                )
            )
    return ids


RANGES = {
    "one day": (ClassFilter(since=_day(1), until=_day(2)), "days"),
    "two days of one topic": (ClassFilter("chain-rule", _day(3), _day(5)), "days"),
    "four days": (ClassFilter(since=_day(0), until=_day(4)), "outside"),
    "from day two on": (ClassFilter(since=_day(1)), "outside"),
    "up to day two": (ClassFilter(until=_day(2)), "days"),
    "everything": (ClassFilter(since=datetime(2000, 1, 1, tzinfo=UTC)), "outside"),
    "within a day": (ClassFilter(since=_day(1) + timedelta(hours=6), until=_day(3)), "answers"),
}


def test_tallies_agree_with_the_answers_after_inserts_changes_and_deletes(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _class(repo)
    assert _figures(repo, ClassFilter()) == _from_the_answers(repo, ClassFilter(), monkeypatch)
    with repo.db.begin() as s:
        s.execute(update(AttemptRow).where(AttemptRow.question_key == "q1").values(correct=True))
        s.execute(delete(AttemptRow).where(AttemptRow.profile_id == ids[1]))
    tallied = _figures(repo, ClassFilter())
    assert tallied == _from_the_answers(repo, ClassFilter(), monkeypatch)
    assert {row[0] for row in tallied[3]} == {ids[0], ids[2]}  # learner topics
    assert ("one-path", 2, 3, 2) in tallied[2]  # (mistake, learners, times, skills)


@pytest.mark.parametrize("name", RANGES)
def test_a_date_range_adds_up_day_tallies_to_the_answers_own_figures(
    repo: Repository, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    ids = _class(repo)
    f, expected_source = RANGES[name]
    with repo.db.read() as s:
        assert class_sources.source(s, f) == expected_source
    counted = _from_the_answers(repo, f, monkeypatch)
    assert _figures(repo, f) == counted
    assert counted[0], "the range holds answers, so the comparison proves something"
    with repo.db.begin() as s:  # an answer moved to another day, one changed, one removed
        moved = AttemptRow.profile_id == ids[0], AttemptRow.question_key == "q2"
        s.execute(update(AttemptRow).where(*moved).values(answered_at=_day(4) + timedelta(hours=1)))
        s.execute(update(AttemptRow).where(AttemptRow.question_key == "q3").values(correct=False))
        s.execute(delete(AttemptRow).where(AttemptRow.question_key == "q6"))
    assert _figures(repo, f) == _from_the_answers(repo, f, monkeypatch)


def test_a_review_states_stability_is_read_out_of_its_card(repo, learner) -> None:
    card = '{"card": {"stability": 4.5, "last_review": "2024-03-10T12:00:00+00:00"}}'
    repo.put_review_state(review_state(learner.id, card_json=card))
    repo.put_review_state(review_state(learner.id, skill="x", card_json="not json"))
    with repo.db.read() as s:
        rows = dict(s.execute(select(ReviewStateRow.skill, ReviewStateRow.stability)).all())
    assert rows == {"chain-rule/L2": 4.5, "x": None}
