"""Progress files: a round trip to another machine, idempotent import, malformed files refused."""

from __future__ import annotations

import json
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


def test_import_into_a_named_learner_merges_by_attempt(small: Services, tmp_path: Path) -> None:
    ada = _study(small, "Ada", 2)
    path = small.export_progress(ada, tmp_path / "ada.json")
    assert small.import_progress(path, "Ada").new_attempts == 0  # already there
    copy = small.import_progress(path, "Ada (copy)")
    assert copy.new_attempts == 0  # attempt ids are global: a copy shares none
    assert small.repo.known_skills(copy.profile.id) == small.repo.known_skills(ada)


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
        small.import_progress(bad, "Bea")
    assert str(bad) in str(caught.value)
    assert _snapshot(small) == before and small.repo.find_profile("Bea") is None


def test_a_missing_file_is_named(small: Services, tmp_path: Path) -> None:
    with pytest.raises(ProgressFileError, match="no such file"):
        small.import_progress(tmp_path / "nowhere.json")
