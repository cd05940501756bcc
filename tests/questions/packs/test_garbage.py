"""Whatever text or structure a pack holds, reading it ends in a Pack or a PackError."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.packs import Pack, PackError, read_pack

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "backprop-basics.toml"
BASE = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
KEYS = (
    "pack",
    "question",
    "id",
    "title",
    "author",
    "version",
    "type",
    "prompt",
    "choice",
    "text",
    "correct",
    "explanation",
    "multiple",
    "value",
    "sigfigs",
    "mistake",
    "network",
    "layers",
    "weights",
    "biases",
    "activation",
    "inputs",
    "targets",
    "loss",
    "learning_rate",
    "ask",
    "form",
    "family",
    "level",
    "count",
    "topic",
    "hints",
    "solution",
)
WORDS = (
    "choice",
    "numeric",
    "network",
    "family",
    "sigmoid",
    "relu",
    "identity",
    "half_sse",
    "softmax_ce",
    "grad_weights[1][0][1]",
    "delta[0][9]",
    "loss",
    "new_biases[0][0]",
    "output-weight-gradient",
    "purpose",
    "$x$",
    "$",
    "<b>&amp;</b>",
    "{=~#:}",
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
scalars = st.one_of(
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.sampled_from(WORDS),
    text,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), text), inner, max_size=4),
    ),
    max_leaves=12,
)


def toml_value(value: Any) -> str:
    """A value as TOML (inline tables and arrays): enough to serialise what hypothesis makes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(data: dict) -> str:
    return "\n".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in data.items())


def outcome(source: str) -> Pack | PackError:
    try:
        return read_pack(source, "garbage.toml")
    except PackError as error:
        assert error.problems, "a PackError always lists a problem"
        assert all(p.line >= 1 and p.col >= 1 for p in error.problems)
        return error


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_is_a_pack_error(source: str) -> None:
    assert isinstance(outcome(source), PackError)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            KEYS
            + WORDS
            + (
                "[",
                "]",
                "[[",
                "]]",
                "=",
                '"',
                "\n",
                " ",
                "1.5",
                "[pack]",
                "[[question]]",
                "{",
                "}",
                ",",
            )
        ),
        max_size=60,
    )
)
def test_toml_ish_fragments_are_a_pack_or_a_pack_error(parts: list[str]) -> None:
    outcome("".join(parts))


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=4))
def test_random_structures_are_a_pack_or_a_pack_error(data: dict) -> None:
    outcome(toml_document(data))


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*path, k))
    elif isinstance(value, list):
        for n, v in enumerate(value):
            found += _paths(v, (*path, n))
    return found


PATHS = [p for p in _paths(BASE) if p]


def _replace(data: Any, path: tuple, new: Any) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copy


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3))
def test_the_example_pack_with_random_values_swapped_in_is_a_pack_or_a_pack_error(swaps) -> None:
    data = BASE
    for path, new in swaps:
        try:
            data = _replace(data, path, new)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier swap removed this path
    outcome(toml_document(data))
