"""TOML text read safely: bounded nesting and bare words before tomllib, values quoted briefly.

tomllib parses arrays and inline tables recursively and reads integers of any size, so a
few hundred nested brackets end in RecursionError and a 5,000-digit number in a ValueError
without a position. `too_deep_or_long` finds either in one lexical pass (strings and comments
skipped) and gives its line and column, so callers can refuse the text before parsing it.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

MAX_NESTING = 32
"""Deepest nesting of arrays and inline tables ([ and {) a TOML text may have."""

MAX_WORD = 1000
"""Longest bare word (a number, date or bare key) a TOML text may hold, in characters."""

_TOKEN = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
    r"|[\[{]|[\]}]|[A-Za-z0-9_+.:-]+",
    re.DOTALL,
)


def too_deep_or_long(text: str) -> tuple[int, int, str] | None:
    """(line, column, what is wrong) for the first bracket nested deeper than MAX_NESTING or
    bare word longer than MAX_WORD; None when the text has neither."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return (
                    *_line_col(text, match.start()),
                    f"arrays and inline tables are nested more than {MAX_NESTING} levels deep",
                )
        elif first in "]}":
            depth = max(depth - 1, 0)
        elif first not in "\"'#" and len(token) > MAX_WORD:
            return (
                *_line_col(text, match.start()),
                f"a bare value or key of {len(token)} characters; at most {MAX_WORD} are read",
            )
    return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def is_number(value: Any) -> bool:
    """An int or a float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite(value: int | float) -> bool:
    """A number a float can hold: not inf or nan, and no integer beyond float range."""
    if isinstance(value, int):
        return abs(value) <= sys.float_info.max
    return math.isfinite(value)


def show(value: Any) -> str:
    """A TOML value as a message quotes it: long texts cut, huge integers by their size."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}..."'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, int):
        if abs(value) < 10**21:
            return str(value)
        if is_finite(value):
            return f"{float(value):g}"
        big = abs(value)
        digits = len(str(big)) if big.bit_length() < 14_000 else math.floor(math.log10(big)) + 1
        return f"an integer of {digits} digits, beyond the range of numbers (about ±1.8e308)"
    if isinstance(value, float):
        return f"{value:g}"
    return type(value).__name__
