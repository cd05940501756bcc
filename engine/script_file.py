"""A tensor script file (TOML): its [inputs] as arrays and its [script] text, checked.

    [inputs]
    X  = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]]     # nested lists are tensors
    Y  = [2, 0]                                   # integers stay integers (indices)
    W1 = { shape = [3, 4], seed = 1, scale = 0.5 }  # seeded normal (optional mean)
    b1 = { shape = [4], fill = 0.0 }              # every element the same
    Xb = { shape = [32, 3], seed = 7, high = 27 }   # seeded integers in [0, high)
    [script]
    text = \"\"\"
    h = tanh(X @ W1 + b1)
    \"\"\"

Every problem is a ScriptFileError whose message starts `line L, column C:` of the file
where the offending key is written.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.script_syntax import CONSTANTS, FUNCTIONS
from engine.toml_text import is_number, too_deep_or_long

MAX_ELEMENTS = 1_000_000
"""The most elements one input may hold."""
_KEYS = {"shape", "seed", "scale", "mean", "fill", "high"}


class ScriptFileError(ValueError):
    """A tensor script file that cannot be used; `line` and `column` place it in the file."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message)
        self.detail = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class ScriptFile:
    """The inputs (float arrays are differentiated, integer arrays index) and the script text."""

    inputs: dict[str, np.ndarray]
    script: str
    script_line: int
    """The file line the script's first line is on (0 when it cannot be placed)."""


def read_script_file(text: str) -> ScriptFile:
    """Parse a tensor script file's text; ScriptFileError says where and what is wrong."""
    found = too_deep_or_long(text)
    if found is not None:
        raise ScriptFileError(found[2], found[0], found[1])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScriptFileError(f"not valid TOML: {error}") from None
    extra = sorted(set(data) - {"inputs", "script"})
    if extra:
        raise ScriptFileError(
            f"unknown table [{extra[0]}]; a script file has [inputs] and [script]",
            *_place(text, extra[0]),
        )
    raw_inputs = data.get("inputs", {})
    if not isinstance(raw_inputs, dict):
        raise ScriptFileError("[inputs] must be a table of name = value", *_place(text, "inputs"))
    inputs = {name: _input(text, name, raw) for name, raw in raw_inputs.items()}
    script = data.get("script")
    if not isinstance(script, dict) or not isinstance(script.get("text"), str):
        raise ScriptFileError('expected a [script] table with text = """ ... """')
    if set(script) != {"text"}:
        key = sorted(set(script) - {"text"})[0]
        raise ScriptFileError(f"[script] holds only text, not {key!r}", *_place(text, key))
    return ScriptFile(inputs, script["text"], _script_line(text, script["text"]))


def read_input(name: str, raw: Any) -> np.ndarray:
    """One input as a TOML value gives it (nested lists, a number, or {shape, ...}), read as
    a script file reads it; ScriptFileError (without a place) says what is wrong."""
    return _input("", name, raw)


def _input(text: str, name: str, raw: Any) -> np.ndarray:
    def fail(message: str) -> ScriptFileError:
        return ScriptFileError(f"input {name!r}: {message}", *_place(text, name))

    if not name.isidentifier() or name in FUNCTIONS or name in CONSTANTS:
        raise fail("an input's name must be a name that is not a function, such as W1")
    if isinstance(raw, dict):
        return _drawn(raw, fail)
    if is_number(raw):
        return np.array(raw, dtype=np.int64 if isinstance(raw, int) else np.float64)
    if not isinstance(raw, list):
        raise fail("expected a number, nested lists of numbers, or a table {shape, ...}")
    flat, shape = _flatten(raw, fail)
    if not flat:
        raise fail("an empty list has no values")
    if not all(is_number(v) for v in flat):
        bad = next(v for v in flat if not is_number(v))
        raise fail(f"every element must be a number, not {bad!r}")
    integer = all(isinstance(v, int) for v in flat)
    array = np.array(flat, dtype=np.int64 if integer else np.float64).reshape(shape)
    if not integer and not np.isfinite(array).all():
        raise fail("every element must be a finite number")
    return array


def _flatten(raw: list[Any], fail: Any) -> tuple[list[Any], tuple[int, ...]]:
    """The elements of nested lists and their shape; ragged nesting is refused."""
    level, shape = [raw], []
    while level and all(isinstance(item, list) for item in level):
        lengths = {len(item) for item in level}
        if len(lengths) > 1:
            raise fail(f"rows of different lengths {sorted(lengths)}: a tensor is rectangular")
        shape.append(lengths.pop())
        level = [element for item in level for element in item]
    if any(isinstance(item, list) for item in level):
        raise fail("lists nested to different depths: a tensor is rectangular")
    return level, tuple(shape)


def _drawn(raw: dict[str, Any], fail: Any) -> np.ndarray:
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise fail(
            f"unknown key {unknown[0]!r}; a table takes shape with seed (scale, mean, high) or fill"
        )
    shape = raw.get("shape")
    if not isinstance(shape, list) or not all(isinstance(n, int) and n > 0 for n in shape):
        raise fail("shape must be a list of positive integers, such as [3, 4]")
    if math.prod(shape) > MAX_ELEMENTS:
        raise fail(f"shape {shape} holds more than {MAX_ELEMENTS:,} elements")
    if "fill" in raw:
        if set(raw) != {"shape", "fill"} or not is_number(raw["fill"]):
            raise fail("{shape, fill} takes only a number as fill, with no seed")
        return np.full(shape, float(raw["fill"]))
    seed = raw.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise fail("expected seed = a non-negative integer (or fill = a number)")
    rng = np.random.default_rng(seed)
    if "high" in raw:
        high = raw["high"]
        if not isinstance(high, int) or high <= 0 or {"scale", "mean"} & set(raw):
            raise fail("high must be a positive integer; integers are drawn from 0 to high - 1")
        return rng.integers(0, high, size=shape, dtype=np.int64)
    scale, mean = raw.get("scale", 1.0), raw.get("mean", 0.0)
    if not is_number(scale) or not is_number(mean) or not math.isfinite(scale * 1.0 + mean):
        raise fail("scale and mean must be numbers")
    return rng.standard_normal(shape) * float(scale) + float(mean)


def _place(text: str, key: str) -> tuple[int | None, int | None]:
    """Line and column where `key = ` or `[key]` is first written, if it is."""
    found = re.search(rf"^[ \t]*(\[)?{re.escape(key)}\b", text, re.MULTILINE)
    if found is None:
        return None, None
    start = found.start() + len(found.group()) - len(found.group().lstrip())
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def _script_line(text: str, script: str) -> int:
    """The file line on which the script's text starts, when it is written as it reads."""
    opener = re.search(r'^[ \t]*text[ \t]*=[ \t]*("""|\'\'\'|"|\')\n?', text, re.MULTILINE)
    if opener is None or not text.startswith(script, opener.end()):
        return 0
    return text.count("\n", 0, opener.end()) + 1
