"""The class report's tallies, kept by triggers, always agree with the answers themselves."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select, update

from app.store.class_reads import ClassReads
from app.store.class_records import ClassFilter
from app.store.models import AttemptRow, ReviewStateRow
from app.store.repository import Repository

from .factories import T0, attempt, review_state

FROM_THE_START = ClassFilter(since=datetime(2000, 1, 1, tzinfo=UTC))
"""A date range covering everything: the report then counts the answers, not the tallies."""


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


def _class(repo: Repository) -> list[int]:
    ids = [repo.create_profile(name).id for name in ("Ada", "Bo", "Cy")]
    for n, profile_id in enumerate(ids):
        for i in range(6):
            wrong = (i + n) % 3 == 0
            repo.record_attempt(
                attempt(
                    profile_id,
                    question_key=f"q{i}",
                    skill=f"chain-rule/L{i % 2 + 1}",
                    correct=not wrong,
                    mistake=("no-slope" if i % 2 else "one-path") if wrong else None,
                    seconds=5.0 + i + n,
                )
            )
    return ids


def test_tallies_agree_with_the_answers_after_inserts_changes_and_deletes(repo) -> None:
    ids = _class(repo)
    assert _figures(repo, ClassFilter()) == _figures(repo, FROM_THE_START)
    with repo.db.begin() as s:
        s.execute(update(AttemptRow).where(AttemptRow.question_key == "q1").values(correct=True))
        s.execute(delete(AttemptRow).where(AttemptRow.profile_id == ids[1]))
    tallied = _figures(repo, ClassFilter())
    assert tallied == _figures(repo, FROM_THE_START)
    assert {row[0] for row in tallied[3]} == {ids[0], ids[2]}  # learner topics
    assert ("one-path", 2, 2, 1) in tallied[2]  # (mistake, learners, times, skills)


def test_a_review_states_stability_is_read_out_of_its_card(repo, learner) -> None:
    card = '{"card": {"stability": 4.5, "last_review": "2024-03-10T12:00:00+00:00"}}'
    repo.put_review_state(review_state(learner.id, card_json=card))
    repo.put_review_state(review_state(learner.id, skill="x", card_json="not json"))
    with repo.db.read() as s:
        rows = dict(s.execute(select(ReviewStateRow.skill, ReviewStateRow.stability)).all())
    assert rows == {"chain-rule/L2": 4.5, "x": None}
