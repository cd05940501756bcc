"""Whatever text or structure a pack or network spec holds, reading it ends in a Pack or a
PackError (a NetworkSpec or a SpecError): huge integers, deep nesting and long texts too."""

from __future__ import annotations

import json
import math
import tempfile
import tomllib
import warnings
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.spec import NetworkSpec, SpecError, load_spec
from questions.packs import Pack, PackError, read_pack
from questions.packs.limits import MAX_TEXT

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
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MAX_FLOAT_INT = int(1.7976931348623157e308)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["x", "é ", "$a$ ", "\\href{u}{x}", "[", "{"]),
    st.integers(MAX_TEXT // 4 - 2, MAX_TEXT + 2),
)
integers = st.one_of(
    st.integers(-5, 5),
    st.integers(),
    st.integers(-(10**400), 10**400),
    st.sampled_from([MAX_FLOAT_INT, MAX_FLOAT_INT * 2, -(2**1024), 10**999]),
)
scalars = st.one_of(
    st.booleans(),
    integers,
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    text,
    long_text,
)


@dataclass(frozen=True)
class Deep:
    """A value wrapped in `levels` arrays or inline tables (serialised without recursion)."""

    value: Any
    levels: int
    in_table: bool


values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), text), inner, max_size=4),
        st.builds(Deep, inner, st.sampled_from([1, 3, 33, 500, 5000]), st.booleans()),
    ),
    max_leaves=40,
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
    if isinstance(value, Deep):
        opener, closer = ('{"a" = ', "}") if value.in_table else ("[", "]")
        return opener * value.levels + toml_value(value.value) + closer * value.levels
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(data: dict) -> str:
    return "\n".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in data.items())


def outcome(source: str) -> Pack | PackError:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning on stderr is a failure too
        try:
            return read_pack(source, "garbage.toml")
        except PackError as error:
            assert error.problems, "a PackError always lists a problem"
            assert all(p.line >= 1 and p.col >= 1 for p in error.problems)
            assert "np.float64" not in str(error)
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
    copy = deepcopy(data)
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


SPEC_BASE = {"network": BASE["question"][3]["network"]}
SPEC_PATHS = [p for p in _paths(SPEC_BASE) if p]


def spec_outcome(source: str) -> NetworkSpec | SpecError:
    """What `solve NET.toml` reads from the text: a spec, or a SpecError naming the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "net.toml"
        path.write_text(source, encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                return load_spec(path)
            except SpecError as error:
                assert str(error).startswith(str(path))
                assert "np.float64" not in str(error)
                return error


def test_the_example_network_is_a_spec() -> None:
    assert isinstance(spec_outcome(toml_document(SPEC_BASE)), NetworkSpec)


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_is_a_spec_error(source: str) -> None:
    assert isinstance(spec_outcome(source), SpecError)


@SETTINGS
@given(st.dictionaries(st.sampled_from(("network", *KEYS)), values, max_size=3))
def test_random_structures_are_a_spec_or_a_spec_error(data: dict) -> None:
    spec_outcome(toml_document(data))


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SPEC_PATHS), values), min_size=1, max_size=3))
def test_the_example_network_with_random_values_swapped_in_is_a_spec_or_a_spec_error(
    swaps,
) -> None:
    data = SPEC_BASE
    for path, new in swaps:
        try:
            data = _replace(data, path, new)
        except (KeyError, IndexError, TypeError):
            continue
    spec_outcome(toml_document(data))
