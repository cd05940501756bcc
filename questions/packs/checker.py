"""Collecting every problem of a pack at once, each at its line and column.

A Checker reads values out of the parsed TOML by path, and for anything wrong records a
Problem at the position the scanner found for that path, then carries on: validation
reports every problem in one pass instead of stopping at the first.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine.toml_text import is_finite, show
from engine.toml_text import is_number as toml_number
from questions.packs.limits import MAX_TEXT
from questions.packs.mathcheck import formula_problems
from questions.packs.positions import Path, Positions

_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
UNSAFE_COMMANDS = (
    "href",
    "url",
    "html",
    "class",
    "cssId",
    "style",
    "data",
    "attr",
    "unicode",
    "require",
    "mmlToken",
    "bbox",
    "enclose",
    "toggle",
    "mathtip",
    "texttip",
    "tooltip",
    "statusline",
    "def",
    "gdef",
    "edef",
    "let",
    "newcommand",
    "renewcommand",
    "newenvironment",
    "renewenvironment",
    "DeclareMathOperator",
    "csname",
    "input",
    "include",
)
"""MathJax commands that make links, HTML attributes or CSS, load extensions or define macros
(which could spell the others): Moodle and Anki render pack text with MathJax live."""
_UNSAFE = re.compile(r"\\(" + "|".join(UNSAFE_COMMANDS) + r")(?![A-Za-z])")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, at a 1-based line and column."""

    line: int
    col: int
    message: str


class PackError(ValueError):
    """A pack with problems; str() lists each as FILE:LINE:COL: message, in file order."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(sorted(set(problems)))
        super().__init__(
            "\n".join(f"{source}:{p.line}:{p.col}: {p.message}" for p in self.problems)
        )


def suggest(word: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest known word, else nothing."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def text_problem(value: str) -> str:
    """What is wrong with a text's length or commands ("" when nothing is)."""
    if len(value) > MAX_TEXT:
        return f"is {len(value):,} characters long; a text holds at most {MAX_TEXT:,}"
    unsafe = _UNSAFE.search(value)
    if unsafe:
        return (
            f"uses \\{unsafe[1]}, which MathJax in Moodle and Anki would turn into a link, "
            "HTML, CSS or a macro; write the math without it"
        )
    return ""


def string_spot(source: str, line: int, col: int, index: int) -> tuple[int, int]:
    """Line and column in the TOML source of character `index` of the string value written
    at (line, col): its quotes, escapes (`\\n`, `\\u00e9`) and a multi-line string's first
    line break and line-ending backslashes taken into account."""
    starts = [0] + [n + 1 for n, c in enumerate(source) if c == "\n"]
    if not 1 <= line <= len(starts):
        return line, col
    i = starts[line - 1] + col - 1
    quote = source[i : i + 1]
    if quote not in ('"', "'"):
        return line, col
    triple = source.startswith(quote * 3, i)
    i += 3 if triple else 1
    if triple and source.startswith("\n", i):
        i += 1
    count = 0
    while count < index and i < len(source):
        nxt = source[i + 1 : i + 2]
        if source[i] == "\\" and quote == '"' and triple and nxt in (" ", "\t", "\r", "\n"):
            i += 1  # a line-ending backslash: it and the blanks after it are no character
            while i < len(source) and source[i] in " \t\r\n":
                i += 1
            continue
        i += {"u": 6, "U": 10}.get(nxt, 2) if source[i] == "\\" and quote == '"' else 1
        count += 1
    line = bisect.bisect_right(starts, i)
    return line, i - starts[line - 1] + 1


def is_number(value: Any) -> bool:
    """An int or float (not a bool) that is finite and within float range."""
    return toml_number(value) and is_finite(value)


class Checker:
    """Reads checked values by path and records a Problem for each thing wrong."""

    def __init__(self, positions: Positions, source: str = "") -> None:
        self.positions = positions
        self.source = source  # the TOML text, to place a problem inside a string
        self.problems: list[Problem] = []

    def formulas(self, path: Path, value: str, what: str) -> bool:
        """A problem at each `$...$` of the string at `path` that cannot be typeset (at the
        character where it fails); True when every formula renders."""
        found = formula_problems(value)
        for index, message in found:
            line, col = self.positions.value(path)
            spot = string_spot(self.source, line, col, index) if self.source else (line, col)
            self.problems.append(Problem(*spot, f"{what}: {message}"))
        return not found

    def at_key(self, path: Path, message: str) -> None:
        """A problem placed at the key of `path` (or its nearest written ancestor)."""
        self.problems.append(Problem(*self.positions.key(path), message))

    def at_value(self, path: Path, message: str) -> None:
        """A problem placed at the value of `path`."""
        self.problems.append(Problem(*self.positions.value(path), message))

    def keys(self, table: dict, path: Path, allowed: Iterable[str], where: str) -> None:
        """Every key of the table must be allowed; an unknown one gets a did-you-mean."""
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                self.at_key(
                    (*path, key),
                    f"unknown key {key!r} in {where}{suggest(key, allowed)} "
                    f"(allowed: {', '.join(allowed)})",
                )

    def present(self, table: dict, path: Path, key: str, where: str) -> bool:
        """True iff the key is there; otherwise a 'missing' problem at the table."""
        if key in table:
            return True
        self.at_key(path, f"{where} is missing {key!r}")
        return False

    def text(self, table: dict, path: Path, key: str, where: str, required: bool = True) -> str:
        """A non-empty string with balanced $...$; "" after a problem or when optional."""
        if key not in table:
            if required:
                self.present(table, path, key, where)
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.at_value((*path, key), f"{key!r} must be a string, got {show(value)}")
            return ""
        if not value.strip():
            self.at_value((*path, key), f"{key!r} is empty")
            return ""
        if len(_UNESCAPED_DOLLAR.findall(value)) % 2:
            self.at_value((*path, key), f"{key!r} has an unbalanced '$' (math is $...$)")
        problem = text_problem(value)
        if problem:
            self.at_value((*path, key), f"{key!r} {problem}")
            return ""
        if not self.formulas((*path, key), value, repr(key)):
            return ""
        return value.strip()

    def texts(self, table: dict, path: Path, key: str, most: int = 10) -> tuple[str, ...]:
        """An optional list of non-empty strings."""
        value = table.get(key, [])
        if not isinstance(value, list):
            self.at_value(
                (*path, key), f"{key!r} must be a list of non-empty strings, got {show(value)}"
            )
            return ()
        bad = [n for n, v in enumerate(value) if not (isinstance(v, str) and v.strip())]
        for n in bad:
            self.at_value(
                (*path, key, n),
                f"{key!r} entry {n + 1} must be a non-empty string, got {show(value[n])}",
            )
        if bad:
            return ()
        for n, entry in enumerate(value):
            problem = text_problem(entry)
            if problem:
                self.at_value((*path, key, n), f"{key!r} entry {n + 1} {problem}")
                bad.append(n)
            elif not self.formulas((*path, key, n), entry, f"{key!r} entry {n + 1}"):
                bad.append(n)
        if bad:
            return ()
        if len(value) > most:
            self.at_value((*path, key), f"{key!r} holds at most {most} entries, got {len(value)}")
        return tuple(v.strip() for v in value)

    def integer(
        self, table: dict, path: Path, key: str, low: int, high: int, default: int | None
    ) -> int | None:
        """An integer in [low, high]; the default when absent (None: required)."""
        if key not in table:
            if default is None:
                self.at_key(path, f"missing {key!r} (an integer from {low} to {high})")
            return default
        value = table[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.at_value(
                (*path, key), f"{key!r} must be an integer from {low} to {high}, got {show(value)}"
            )
            return None
        return value

    def number(self, table: dict, path: Path, key: str, where: str) -> float | None:
        """A required finite number."""
        if not self.present(table, path, key, where):
            return None
        value = table[key]
        if not is_number(value):
            self.at_value((*path, key), f"{key!r} must be a finite number, got {show(value)}")
            return None
        return float(value)

    def one_of(
        self, table: dict, path: Path, key: str, options: Iterable[str], default: str | None
    ) -> str | None:
        """A string naming one of the options (did-you-mean when it does not)."""
        options = tuple(options)
        if key not in table:
            if default is None:
                self.at_key(path, f"missing {key!r} (one of {', '.join(options)})")
            return default
        value = table[key]
        if not isinstance(value, str) or value not in options:
            hint = suggest(value, options) if isinstance(value, str) else ""
            self.at_value(
                (*path, key),
                f"{key!r} must be one of {', '.join(options)}, got {show(value)}{hint}",
            )
            return None
        return value

    def tables(self, table: dict, path: Path, key: str, what: str) -> list[tuple[Path, dict]]:
        """An array of tables ([[...]]), each with its path; a problem if it is anything else."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.at_value((*path, key), f"{key!r} must be {what}, got {show(value)}")
            return []
        return [((*path, key, n), v) for n, v in enumerate(value)]
