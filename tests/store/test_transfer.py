"""Progress export and import: a round trip, importing twice changes nothing, another learner's
schedule is never touched, and a document with any bad field imports nothing."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.store.database import open_database
from app.store.errors import ImportFormatError
from app.store.records import ImportSummary, Profile
from app.store.repository import Repository

from .factories import T0, attempt, review_state


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[Repository]:
    """A second machine's database to move progress to."""
    with open_database(f"sqlite:///{tmp_path / 'laptop.sqlite3'}") as db:
        yield Repository(db)


def made_by(card_json: str) -> str | None:
    """The answer that made a test's review state (its card_json names it)."""
    return json.loads(card_json).get("attempt")


def answer(repo: Repository, who: Profile, **changes: Any) -> None:
    """Record an answer with a review state that its uuid made."""
    reps = changes.pop("reps", 1)
    one = attempt(who.id, **changes)
    made = json.dumps({"attempt": one.uuid})
    state = review_state(who.id, skill=one.skill, reps=reps, last_review=one.answered_at)
    repo.record_attempt(one, replace(state, card_json=made))


def fill(repo: Repository, who: Profile) -> None:
    """A study session and an exam, six answers, two review states."""
    study = repo.start_session(who.id, "study", {"pace": 5}, started_at=T0)
    exam = repo.start_session(who.id, "exam", {"count": 3}, started_at=T0 + timedelta(hours=1))
    repo.finish_session(exam.id, 2 / 3, ended_at=T0 + timedelta(hours=2))
    for i in range(6):
        skill = "chain-rule/L2" if i % 2 else "pack:bank/purpose-01"
        session = (study, exam)[i // 3].id
        mistake = "sign" if i == 4 else None
        at = T0 + timedelta(minutes=10 * i)
        answer(
            repo,
            who,
            session_id=session,
            skill=skill,
            reps=i,
            question_key=f"{skill}/{i}",
            correct=i != 4,
            mistake=mistake,
            hints_used=i % 2,
            answered_at=at,
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
    assert elsewhere.import_progress("Ada", exported, made_by).new_attempts == 6
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
    elsewhere.import_progress("Ada", exported, made_by)
    once = elsewhere.export_progress(elsewhere.find_profile("Ada").id)
    assert elsewhere.import_progress("Ada", exported, made_by) == ImportSummary(0, 0, 0, 2)
    twice = elsewhere.export_progress(elsewhere.find_profile("Ada").id)
    assert comparable(twice) == comparable(once)
    assert len(twice["sessions"]) == 2 and len(twice["attempts"]) == 6
    assert repo.import_progress("Ada", exported, made_by).new_attempts == 0  # back home, too


def test_the_later_review_state_wins(repo: Repository, learner: Profile) -> None:
    fill(repo, learner)
    exported = repo.export_progress(learner.id)
    later = T0 + timedelta(days=3)
    answer(repo, learner, answered_at=later, reps=40)  # chain-rule/L2 again, after the export
    states = exported["review_states"]
    purpose = next(s for s in states if s["skill"] == "pack:bank/purpose-01")
    purpose |= {"reps": 50, "last_review": (T0 + timedelta(days=4)).isoformat()}
    summary = repo.import_progress("Ada", exported, made_by)
    assert (summary.new_attempts, summary.states_taken, summary.states_kept) == (0, 1, 1)
    assert repo.get_review_state(learner.id, "chain-rule/L2").reps == 40  # ours was later
    assert repo.get_review_state(learner.id, "pack:bank/purpose-01").reps == 50  # theirs was


def test_importing_another_learners_progress_changes_nothing_of_theirs_or_ours(
    repo: Repository, learner: Profile
) -> None:
    bea = repo.create_profile("Bea")
    fill(repo, bea)
    answer(repo, learner, answered_at=T0 - timedelta(days=1), reps=2)  # Ada's own, earlier
    ada_before = comparable(repo.export_progress(learner.id))
    bea_before = comparable(repo.export_progress(bea.id))
    summary = repo.import_progress("Ada", repo.export_progress(bea.id), made_by)
    assert summary == ImportSummary(new_attempts=0, others_attempts=6, states_refused=2)
    assert comparable(repo.export_progress(learner.id)) == ada_before  # no sessions, no states
    assert comparable(repo.export_progress(bea.id)) == bea_before


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


def session(**changes: Any) -> dict[str, Any]:
    """A session entry of an export, with any field changed."""
    return {"ref": 1, "mode": "study", "started_at": T0.isoformat(), "settings": {}} | changes


def state(**changes: Any) -> dict[str, Any]:
    """A review-state entry of an export, with any field changed."""
    fields = {"skill": "s/L1", "topic": "t", "card_json": "{}", "reps": 1, "lapses": 0}
    return fields | {"due": T0.isoformat()} | changes


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.update(format="anki"), "not a Backprop Quiz progress export"),
        (lambda d: d["attempts"][0].update(score="high"), r"attempts\[0\]\.score: expected a fin"),
        (lambda d: d["attempts"][0].update(correct=1), r"attempts\[0\]\.correct: expected true"),
        (lambda d: d["attempts"][0].pop("uuid"), r"attempts\[0\]\.uuid: missing"),
        (lambda d: d["attempts"][0].update(mode="quiz"), r"attempts\[0\]\.mode: mode must be"),
        (lambda d: d["attempts"][0].update(answered_at="2024-03-10T12:00"), "with a UTC offset"),
        (lambda d: d["attempts"][0].update(session_ref=7), "no session with ref 7"),
        (lambda d: d.update(attempts={}), r"progress\.attempts: expected a list"),
        (lambda d: d["attempts"][0].update(topic="t" * 65), r"\.topic has at most 64 char"),
        # the live path's own checks: finite numbers in range, ids, sane dates, unique ids
        (lambda d: d["attempts"][0].update(score=math.nan), r"\.score: expected a finite number"),
        (lambda d: d["attempts"][0].update(score=math.inf), r"\.score: expected a finite number"),
        (lambda d: d["attempts"][0].update(score=1.5), r"\.score: expected a finite number 0-1"),
        (lambda d: d["attempts"][0].update(seconds=-1), r"\.seconds: expected a finite"),
        (lambda d: d["attempts"][0].update(seconds=10**400), r"\.seconds: .*too large"),
        (lambda d: d["attempts"][0].update(hints_used=2**31), r"\.hints_used: expected a whole"),
        (lambda d: d["attempts"][0].update(uuid=" "), r"\.uuid: expected non-empty text"),
        (lambda d: d["attempts"][0].update(skill=""), r"\.skill: expected non-empty text"),
        (lambda d: d["attempts"].append(d["attempts"][0]), r"attempts\[1\]\.uuid: .* also"),
        (lambda d: d["attempts"][0].update(answered_at="0001-01-01T00:00:00+05:00"), "2000 and"),
        (lambda d: d["attempts"][0].update(answered_at="9999-12-31T23:59:59-05:00"), "2200"),
        (lambda d: d.update(sessions=[session(), session()]), r"sessions\[1\]\.ref: 1 is also"),
        (lambda d: d.update(sessions=[session(score=math.nan)]), r"sessions\[0\]\.score"),
        (lambda d: d.update(sessions=[session(ref=10**30)]), r"sessions\[0\]\.ref"),
        (lambda d: d.update(sessions=[session(ended_at="2020-01-01T00:00:00+00:00")]), "earlier"),
        (lambda d: d.update(sessions=[session(settings=nested(40))]), "nested too deeply"),
        (lambda d: d.update(sessions=[session(settings={"x": math.nan})]), "plain JSON"),
        (lambda d: d["profile"].update(settings={"x": [math.inf]}), r"profile\.settings"),
        (lambda d: d.update(review_states=[state(reps=10**30)]), r"\.reps: expected a whole"),
        (lambda d: d.update(review_states=[state(), state()]), r"review_states\[1\]\.skill"),
        (lambda d: d.update(review_states=[state(due="1-01-01")]), r"\.due: expected an ISO"),
    ],
)
def test_bad_data_is_explained_and_nothing_is_written(
    repo: Repository, damage: Any, message: str
) -> None:
    assert repo.import_progress("Ada", good_export(), made_by).new_attempts == 1
    data = good_export()
    data["attempts"][0]["uuid"] = "another-uuid"
    damage(data)
    with pytest.raises(ImportFormatError, match=message):
        repo.import_progress("Eve", data, made_by)
    assert [p.name for p in repo.list_profiles()] == ["Ada"]
