"""Hostile NetworkSpec files (`solve NET.toml`): huge integers, deep nesting and endless
numbers are SpecErrors naming the key or line and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.spec import SpecError, load_spec

MAZUR = (Path(__file__).resolve().parents[2] / "examples" / "mazur.toml").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "inputs = [0.05",
            "inputs = [" + "1" + "0" * 400,
            "network.inputs[0]: expected a finite number, got an integer of 401 digits, "
            "beyond the range of numbers (about ±1.8e308)",
        ),
        (
            "learning_rate = 0.5",
            "learning_rate = " + "9" * 320,
            "network.learning_rate: expected a positive number, got an integer of 320 digits",
        ),
        ("biases = [0.35", "biases = [1e999", "network.layers[0].biases[0]: expected a finite"),
    ],
)
def test_numbers_beyond_float_range_are_named_with_their_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = tmp_path / "net.toml"
    path.write_text(MAZUR.replace(old, new, 1))
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value).startswith(f"{path}: {message}")


@pytest.mark.parametrize(
    ("tail", "where", "message"),
    [
        ("x = " + "[" * 600 + "]" * 600, "17:37", "arrays and inline tables are nested more"),
        ("x = " + "{a = " * 600 + "1" + "}" * 600, "17:165", "arrays and inline tables are"),
        ("x = " + "7" * 5000, "17:5", "a bare value or key of 5000 characters; at most 1000"),
    ],
)
def test_deep_nesting_and_endless_numbers_are_refused_at_their_place(
    tmp_path: Path, tail: str, where: str, message: str
) -> None:
    path = tmp_path / "net.toml"
    path.write_text(MAZUR + tail + "\n")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value).startswith(f"{path}:{where}: {message}")
