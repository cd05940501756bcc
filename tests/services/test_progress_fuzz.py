"""Hostile progress files: huge integers, NaN and infinities, deep nesting, long texts, dates
out of range, anywhere in the file or inside a stored memory. Each is imported whole or
refused with a ProgressFileError that names the file, and a refusal changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import Services
from app.services.memory import Memory
from app.services.progress_io import ProgressFileError

from .helpers import right_response, wrong_response

HOLE = "\u2063hole\u2063"  # a placeholder no export contains; the raw fragment goes there

DATES = [
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "1999-12-31T23:59:59+00:00",
    "2200-01-01T00:00:00+00:00",
    "2024-02-30T00:00:00+00:00",
    "2024-05-06T09:00:00",
    "today",
]


def nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


fragments = st.one_of(
    st.integers(-(10**30), 10**30).map(str),  # beyond every column's range
    st.integers(4000, 6000).map(lambda n: "9" * n),  # beyond what Python's JSON reads
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "-0.0", "1e-400"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr).filter(lambda t: t[0] != "n"),
    st.integers(1, 20_000).map(nested),
    st.integers(1, 20_000).map(lambda d: '{"a":' * d + "1" + "}" * d),
    st.sampled_from(DATES).map(json.dumps),
    st.integers(0, 300_000).map(lambda n: json.dumps("x" * n)),
    st.text(max_size=20).map(json.dumps),
    st.sampled_from(["null", "true", "false", "[]", "{}", '""', "0", "-1", "1"]),
)


def places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON value a fragment can go: each key's value, each list item."""
    found = [path]
    if isinstance(value, dict | list):
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            found += places(child, (*path, key))
    return found


def with_hole(value: Any, path: tuple) -> Any:
    """A copy of `value` with the HOLE placeholder at `path`."""
    if not path:
        return HOLE
    key, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[key] = with_hole(value[key], rest)
    return copy


def fill_hole(value: Any, path: tuple, fragment: str) -> str:
    return json.dumps(with_hole(value, path)).replace(json.dumps(HOLE), fragment)


def hostile_text(export: dict[str, Any], data: st.DataObject) -> str:
    """The export with one place, in the file or in one stored memory, made hostile."""
    fragment = data.draw(fragments, "fragment")
    states = export["review_states"]
    if data.draw(st.booleans(), "inside a memory"):
        i = data.draw(st.integers(0, len(states) - 1), "state")
        memory = json.loads(states[i]["card_json"])
        path = data.draw(st.sampled_from(places(memory)), "place in memory")
        copy = json.loads(json.dumps(export))
        copy["review_states"][i]["card_json"] = fill_hole(memory, path, fragment)
        return json.dumps(copy)
    path = data.draw(st.sampled_from(places(export)), "place in file")
    return fill_hole(export, path, fragment)


def snapshot(svc: Services) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for p in svc.profiles():
        exported = svc.repo.export_progress(p.id) | {"exported_at": None}
        out.append((p.name, exported))
    return out


@pytest.fixture
def export(small: Services) -> dict[str, Any]:
    """Ada's progress after four answers, two of them wrong: the file the fuzzing changes."""
    ada = small.create_profile("Ada")
    session = small.study(ada.id)
    for i in range(4):
        question = session.next()
        assert question is not None
        session.submit(right_response(question) if i % 2 else wrong_response(question))
    return small.repo.export_progress(ada.id)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_hostile_progress_file_is_imported_whole_or_refused_with_a_reason(
    small: Services, export: dict[str, Any], tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(hostile_text(export, data), encoding="utf-8")
    before = snapshot(small)
    try:
        result = small.import_progress(path)
    except ProgressFileError as e:
        assert str(path) in str(e)
        assert "Traceback" not in str(e) and len(str(e)) < 600  # a sentence, not a dump
        assert snapshot(small) == before
        return
    for profile in small.profiles():  # whatever was imported, the scheduler can work with
        for state in small.repo.export_progress(profile.id)["review_states"]:
            Memory.from_json(state["card_json"])
    small.statistics(result.profile.id)
