"""The catalogue read from its cache file: the same entries as the families themselves give,
written once, never trusted when broken, and read without importing a family."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from questions import registry

ROOT = Path(__file__).resolve().parents[2]


def test_the_cached_catalogue_is_the_catalogue(tmp_path: Path) -> None:
    first = registry.families_cached(tmp_path)
    (written,) = tmp_path.glob("families-*.json")
    assert first == registry.families()
    assert [entry["id"] for entry in json.loads(written.read_text())] == [i.id for i in first]


def test_a_broken_cache_file_is_worked_out_again_and_replaced(tmp_path: Path) -> None:
    registry.families_cached(tmp_path)
    (written,) = tmp_path.glob("families-*.json")
    for broken in (
        "{not json",
        '[{"id": "x"}]',
        '[{"id": 1, "title": "t", "topic": "nowhere", '
        '"kind": "numeric", "description": "", "levels": [1], "stage": 1}]',
    ):
        written.write_text(broken)
        assert registry.families_cached(tmp_path) == registry.families()
    assert json.loads(written.read_text())[0]["id"] == registry.families()[0].id


def test_a_folder_that_cannot_be_written_costs_only_the_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    assert registry.families_cached(blocked / "cache") == registry.families()


def test_a_warm_cache_answers_without_importing_a_family_or_numpy(tmp_path: Path) -> None:
    registry.families_cached(tmp_path)
    probe = (
        "import sys; from pathlib import Path; from questions import registry; "
        f"infos = registry.families_cached(Path({str(tmp_path)!r})); "
        "print(len(infos), 'numpy' in sys.modules, 'questions.families.base' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [str(len(registry.families())), "False", "False"]
