"""Progress export and import: a full round trip, and importing twice changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.store.database import open_database
from app.store.errors import ImportFormatError
from app.store.records import Profile
from app.store.repository import Repository

from .factories import T0, attempt, review_state


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[Repository]:
    """A second machine's database to move progress to."""
    with open_database(f"sqlite:///{tmp_path / 'laptop.sqlite3'}") as db:
        yield Repository(db)


def fill(repo: Repository, who: Profile) -> None:
    """A study session and an exam, six answers, two review states."""
    study = repo.start_session(who.id, "study", {"pace": 5}, started_at=T0)
    exam = repo.start_session(who.id, "exam", {"count": 3}, started_at=T0 + timedelta(hours=1))
    repo.finish_session(exam.id, 2 / 3, ended_at=T0 + timedelta(hours=2))
    for i in range(6):
        skill = "chain-rule/L2" if i % 2 else "pack:bank/purpose-01"
        repo.record_attempt(
            attempt(
                who.id,
                session_id=(study, exam)[i // 3].id,
                skill=skill,
                question_key=f"{skill}/{i}",
                correct=i != 4,
                mistake="sign" if i == 4 else None,
                hints_used=i % 2,
                answered_at=T0 + timedelta(minutes=10 * i),
            ),
            review_state(who.id, skill=skill, reps=i, last_review=T0 + timedelta(minutes=10 * i)),
        )


def comparable(export: dict[str, Any]) -> dict[str, Any]:
    """An export without what legitimately differs between databases (ids, export time)."""
    sessions = {s["ref"]: s["started_at"] for s in export["sessions"]}
    return {
        "profile": export["profile"]["settings"],
        "sessions": sorted(
            (s["mode"], s["started_at"], s["ended_at"], s["score"]) for s in export["sessions"]
        ),
        "attempts": sorted(
            json.dumps(a | {"session_ref": sessions.get(a["session_ref"])}, sort_keys=True)
            for a in export["attempts"]
        ),
        "review_states": sorted(json.dumps(s, sort_keys=True) for s in export["review_states"]),
    }


def test_progress_survives_a_move_to_another_database(
    repo: Repository, learner: Profile, elsewhere: Repository
) -> None:
    repo.update_profile_settings(learner.id, {"pace": 7})
    fill(repo, learner)
    exported = json.loads(json.dumps(repo.export_progress(learner.id)))
    assert elsewhere.import_progress("Ada", exported) == 6
    moved = elsewhere.find_profile("Ada")
    assert moved is not None and moved.settings == {"pace": 7}
    assert comparable(elsewhere.export_progress(moved.id)) == comparable(exported)
    [exam] = elsewhere.list_sessions(moved.id, mode="exam")
    assert [a.mistake for a in elsewhere.attempts_for_session(exam.id)] == [None, "sign", None]


def test_importing_the_same_data_twice_changes_nothing(
    repo: Repository, learner: Profile, elsewhere: Repository
) -> None:
    fill(repo, learner)
    exported = repo.export_progress(learner.id)
    elsewhere.import_progress("Ada", exported)
    once = elsewhere.export_progress(elsewhere.find_profile("Ada").id)
    assert elsewhere.import_progress("Ada", exported) == 0
    twice = elsewhere.export_progress(elsewhere.find_profile("Ada").id)
    assert comparable(twice) == comparable(once)
    assert len(twice["sessions"]) == 2 and len(twice["attempts"]) == 6
    assert repo.import_progress("Ada", exported) == 0  # back into its own database, too


def test_the_later_review_state_wins(repo: Repository, learner: Profile) -> None:
    fill(repo, learner)
    exported = repo.export_progress(learner.id)
    later = T0 + timedelta(days=3)
    repo.record_attempt(
        attempt(learner.id, answered_at=later),
        review_state(learner.id, skill="chain-rule/L2", reps=40, last_review=later),
    )
    states = exported["review_states"]
    purpose = next(s for s in states if s["skill"] == "pack:bank/purpose-01")
    purpose |= {"reps": 50, "last_review": (T0 + timedelta(days=4)).isoformat()}
    assert repo.import_progress("Ada", exported) == 0
    assert repo.get_review_state(learner.id, "chain-rule/L2").reps == 40  # ours was later
    assert repo.get_review_state(learner.id, "pack:bank/purpose-01").reps == 50  # theirs was


def good_export() -> dict[str, Any]:
    one = attempt(1)
    return {
        "format": "backprop-quiz-progress",
        "version": 1,
        "profile": {"name": "Ada", "settings": {}},
        "attempts": [
            {
                "uuid": one.uuid,
                "question_key": one.question_key,
                "skill": one.skill,
                "topic": one.topic,
                "mode": "study",
                "response": "0.5",
                "correct": True,
                "score": 1.0,
                "seconds": 3.0,
                "answered_at": T0.isoformat(),
            },
        ],
    }


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.update(format="anki"), "not a Backprop Quiz progress export"),
        (lambda d: d["attempts"][0].update(score="high"), r"attempts\[0\]\.score: expected a num"),
        (lambda d: d["attempts"][0].update(correct=1), r"attempts\[0\]\.correct: expected true"),
        (lambda d: d["attempts"][0].pop("uuid"), r"attempts\[0\]\.uuid: missing"),
        (lambda d: d["attempts"][0].update(mode="quiz"), r"attempts\[0\]\.mode: mode must be"),
        (lambda d: d["attempts"][0].update(answered_at="2024-03-10T12:00"), "with a UTC offset"),
        (lambda d: d["attempts"][0].update(session_ref=7), "no session with ref 7"),
        (lambda d: d.update(attempts={}), r"progress\.attempts: expected a list"),
        (lambda d: d["attempts"][0].update(topic="t" * 65), r"\.topic has at most 64 char"),
    ],
)
def test_bad_data_is_explained_and_nothing_is_written(
    repo: Repository, damage: Any, message: str
) -> None:
    assert repo.import_progress("Ada", good_export()) == 1
    data = good_export()
    data["attempts"][0]["uuid"] = "another-uuid"
    damage(data)
    with pytest.raises(ImportFormatError, match=message):
        repo.import_progress("Eve", data)
    assert [p.name for p in repo.list_profiles()] == ["Ada"]
