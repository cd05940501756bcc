"""Progress files: a round trip to another machine, idempotent import, malformed files refused."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.services import Services, open_services
from app.services.progress_io import ProgressFileError

from .helpers import right_response, wrong_response


def _study(svc: Services, name: str, answers: int) -> int:
    profile = svc.create_profile(name)
    session = svc.study(profile.id)
    for i in range(answers):
        question = session.next()
        assert question is not None
        session.submit(right_response(question) if i % 2 == 0 else wrong_response(question), 0, 30)
    return profile.id


def test_export_then_import_on_another_machine_twice(
    small, tmp_path, clock, scheduling, small_content
):
    ada = _study(small, "Ada", 3)
    path = small.export_progress(ada, tmp_path / "ada.json")
    assert json.loads(path.read_text())["profile"]["name"] == "Ada"

    other_url = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    with open_services(other_url, clock, scheduling, small_content) as laptop:
        first = laptop.import_progress(path)
        assert first.profile.name == "Ada" and first.new_attempts == 3
        assert laptop.statistics(first.profile.id) == small.statistics(ada)
        assert laptop.home(first.profile.id) == small.home(ada)
        again = laptop.import_progress(path)
        assert again.new_attempts == 0
        assert laptop.statistics(first.profile.id) == small.statistics(ada)
        assert len(laptop.profiles()) == 1


def test_a_file_is_imported_as_its_own_learner_never_into_another(
    small: Services, tmp_path: Path, clock, scheduling, small_content
) -> None:
    bea = _study(small, "Bea", 3)
    path = small.export_progress(bea, tmp_path / "bea.json")
    with open_services(
        f"sqlite:///{tmp_path / 'laptop.sqlite3'}", clock, scheduling, small_content
    ) as laptop:
        ada = _study(laptop, "Ada", 2)  # the learner at this computer, on the same skills
        ada_before = (laptop.statistics(ada), laptop.repo.export_progress(ada)["review_states"])
        preview = laptop.read_progress_file(path)
        assert (preview.learner, preview.attempts, preview.skills) == ("Bea", 3, 3)
        result = laptop.import_progress(path)
        assert result.profile.name == "Bea" and result.new_attempts == 3
        assert result.states_taken == 3
        after = (laptop.statistics(ada), laptop.repo.export_progress(ada)["review_states"])
        assert after == ada_before
        assert laptop.statistics(result.profile.id) == small.statistics(bea)


def test_a_file_already_imported_elsewhere_leaves_the_answers_with_their_learner(
    small: Services, tmp_path: Path
) -> None:
    ada = _study(small, "Ada", 2)
    path = small.export_progress(ada, tmp_path / "ada.json")
    data = json.loads(path.read_text())
    data["profile"]["name"] = "Ada (copy)"  # the same answers, said to be someone else's
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(data))
    before = small.repo.export_progress(ada)
    result = small.import_progress(copy)
    assert (result.new_attempts, result.others_attempts, result.states_refused) == (0, 2, 2)
    assert small.repo.known_skills(result.profile.id) == frozenset()  # no answers, no schedule
    assert small.repo.export_progress(ada) | {"exported_at": 0} == before | {"exported_at": 0}


def _break_a_memory(text: str) -> str:
    """The export with the first review state's scheduler memory replaced by junk."""
    data = json.loads(text)
    data["review_states"][0]["card_json"] = '{"stability": 2.3}'
    return json.dumps(data)


def _snapshot(svc: Services) -> tuple:
    return tuple(
        (p.name, svc.home(p.id).attempts, svc.repo.known_skills(p.id)) for p in svc.profiles()
    )


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda text: text[:-20], "not JSON: .* at line"),
        (lambda text: "[1, 2]", "expected a JSON object, got list"),
        (lambda text: text.replace('"backprop-quiz-progress"', '"anki"'), "not a Backprop Quiz"),
        (
            lambda text: text.replace('"correct": true', '"correct": "yes"', 1),
            r"attempts\[\d\]\.correct",
        ),
        (_break_a_memory, r"review_states\[0\]\.card_json: expected a memory"),
        (lambda text: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (lambda text: text.replace('"score": 1.0', '"score": 1' + "0" * 5000, 1), "4300 digits"),
        (lambda text: text.replace('"score": 1.0', '"score": NaN', 1), r"\.score: expected a fin"),
    ],
)
def test_a_malformed_file_names_the_problem_and_imports_nothing(
    small: Services, tmp_path: Path, mangle, message
) -> None:
    ada = _study(small, "Ada", 3)
    path = small.export_progress(ada, tmp_path / "ada.json")
    bad = tmp_path / "bad.json"
    bad.write_text(mangle(path.read_text()))
    before = _snapshot(small)
    with pytest.raises(ProgressFileError, match=message) as caught:
        small.import_progress(bad)
    assert str(bad) in str(caught.value)
    assert _snapshot(small) == before


def test_a_missing_file_is_named(small: Services, tmp_path: Path) -> None:
    with pytest.raises(ProgressFileError, match="no such file"):
        small.import_progress(tmp_path / "nowhere.json")


def _memory_changed(text: str, change) -> str:
    """The export with the first review state's memory changed by `change(memory_dict)`."""
    data = json.loads(text)
    memory = json.loads(data["review_states"][0]["card_json"])
    change(memory)
    data["review_states"][0]["card_json"] = json.dumps(memory)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["card"].update(stability=math.nan), r"card\.stability must be a finite"),
        (lambda m: m["card"].update(stability=math.inf), r"card\.stability must be a finite"),
        (lambda m: m["card"].update(difficulty=-math.inf), r"card\.difficulty must be a finite"),
        (lambda m: m["card"].update(card_id=10**30), r"card\.card_id must be a whole number"),
        (lambda m: m["card"].update(step="1"), r"card\.step must be a whole number"),
        (lambda m: m["card"].update(due="0001-01-01T00:00:00+05:00"), r"card\.due .*out of range"),
        (lambda m: m["card"].update(due="9999-12-31T23:00:00+00:00"), "between 2000 and 2200"),
        (lambda m: m.update(reps=10**30), "reps must be a whole number"),
        (lambda m: m.update(times=[math.nan]), "times must be a finite number"),
        (lambda m: m["last"].update(attempt=""), "last.attempt must be an answer's id"),
        (lambda m: m["last"].update(at="2024-05-06T09:00:00"), "no UTC offset"),
    ],
)
def test_a_memory_the_scheduler_could_not_use_is_never_imported(
    small: Services, tmp_path: Path, change, message: str
) -> None:
    ada = _study(small, "Ada", 3)
    path = small.export_progress(ada, tmp_path / "ada.json")
    bad = tmp_path / "bad.json"
    bad.write_text(_memory_changed(path.read_text(), change))
    bad_name = json.loads(bad.read_text())
    bad_name["profile"]["name"] = "Bea"
    bad.write_text(json.dumps(bad_name))
    before = _snapshot(small)
    with pytest.raises(ProgressFileError, match=message) as caught:
        small.import_progress(bad)
    assert r"review_states[0].card_json" in str(caught.value)
    assert _snapshot(small) == before and small.repo.find_profile("Bea") is None
