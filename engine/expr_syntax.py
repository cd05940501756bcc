"""The script languages' pieces: the scalar language's functions, the error both languages
raise, and the tokenizer both share (the tree is engine/syntax_tree.py).

Scripts are read by a hand-written tokenizer (here) and parser (engine/parsing.py); nothing a
user types is ever handed to Python's eval, exec or compile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from engine.syntax_tree import Assign

FUNCTIONS: dict[str, int] = {
    "exp": 1,
    "log": 1,
    "sqrt": 1,
    "abs": 1,
    "sigmoid": 1,
    "tanh": 1,
    "relu": 1,
    "max": 2,
    "min": 2,
}
"""Function names the language knows, with how many arguments each takes."""

MAX_DEPTH = 100
"""Deepest nesting of parentheses, calls, powers and signs in one statement (a flat chain
such as a + b + c + ... is one level however long it is)."""


class ExprError(ValueError):
    """A script or a value that cannot be used, saying where (0-based offset, 1-based line and
    column; None when the problem has no place in the script) and what was expected.

    `in_values` is True when the values given (not the script) must change: a missing, extra,
    malformed or mismatched input value."""

    in_values: bool = False

    def __init__(
        self,
        message: str,
        position: int | None = None,
        line: int | None = None,
        column: int | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.position = position
        self.line = line
        self.column = column
        self.detail = detail or message


def line_column(source: str, position: int) -> tuple[int, int]:
    """1-based line and column of a 0-based offset into `source`."""
    line = source.count("\n", 0, position) + 1
    column = position - (source.rfind("\n", 0, position) + 1) + 1
    return line, column


def error_at(source: str, position: int, detail: str) -> ExprError:
    """An ExprError reading 'line L, column C: detail'."""
    line, column = line_column(source, position)
    return ExprError(f"line {line}, column {column}: {detail}", position, line, column, detail)


def quote(source: str, start: int, end: int, limit: int = 60) -> str:
    """The text of a sub-expression on one line, shortened with an ellipsis when long."""
    text = " ".join(source[start:end].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Token:
    """One token: kind is NUM, NAME, OP, SEP (';' or a line break) or END."""

    kind: str
    text: str
    start: int
    end: int
    value: float = 0.0


_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DIGITS = "0123456789"
_MINUS_SIGNS = "\u2212\u2013"  # Unicode minus and en dash, read as '-'


def tokenize(source: str, operators: tuple[str, ...]) -> list[Token]:
    """Split a script into tokens; line breaks inside brackets are only white space.

    `operators` are the language's operator tokens, longest first where one starts another
    (the tensor language has `@ [ ] . :` beside the scalar language's)."""
    tokens: list[Token] = []
    open_brackets: list[tuple[int, str]] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\n":
            if not open_brackets:
                tokens.append(Token("SEP", "\n", i, i + 1))
            i += 1
        elif ch.isspace():
            i += 1
        elif ch == "#":
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif ch == ";":
            tokens.append(Token("SEP", ";", i, i + 1))
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < n and source[i + 1] in _DIGITS):
            tokens.append(_number(source, i))
            i = tokens[-1].end
        elif ch.isidentifier():
            j = i + 1
            while j < n and ("a" + source[j]).isidentifier():
                j += 1
            tokens.append(Token("NAME", source[i:j], i, j))
            i = j
        else:
            op = next((o for o in operators if source.startswith(o, i)), None)
            if op is None and ch in _MINUS_SIGNS:
                op = "-"
            if op is None:
                raise error_at(
                    source,
                    i,
                    f"unexpected character {ch!r}: expected a name, a number, an operator "
                    "or a parenthesis",
                )
            _match_brackets(source, i, op, open_brackets)
            width = 1 if op == "-" and ch != "-" else len(op)
            tokens.append(Token("OP", op, i, i + width))
            i += width
    if open_brackets:
        at, opener = open_brackets[-1]
        raise error_at(
            source, at, f"unclosed {opener!r}: expected a {_CLOSERS[opener]!r} to close it"
        )
    tokens.append(Token("END", "", n, n))
    return tokens


_CLOSERS = {"(": ")", "[": "]"}


def _match_brackets(source: str, i: int, op: str, open_brackets: list[tuple[int, str]]) -> None:
    """Keep the stack of open brackets; a closer without its opener is an error here."""
    if op in _CLOSERS:
        open_brackets.append((i, op))
    elif op in _CLOSERS.values():
        opener = next(o for o, c in _CLOSERS.items() if c == op)
        if not open_brackets:
            raise error_at(source, i, f"unmatched {op!r}: no {opener!r} before it to close")
        at, last = open_brackets.pop()
        if last != opener:
            line, column = line_column(source, at)
            raise error_at(
                source,
                i,
                f"expected {_CLOSERS[last]!r} to close the {last!r} at line {line}, "
                f"column {column}, found {op!r}",
            )


def _number(source: str, i: int) -> Token:
    match = _NUMBER.match(source, i)
    assert match is not None  # the caller saw a digit, or a '.' before one
    text = match.group()
    value = float(text)
    if value == float("inf"):
        raise error_at(source, i, f"number {text} is too large")
    return Token("NUM", text, i, match.end(), value)


def describe(token: Token) -> str:
    """How a token is named in a message."""
    if token.kind == "END":
        return "the end of the script"
    if token.kind == "SEP":
        return "';'" if token.text == ";" else "the end of the line"
    return repr(token.text)


class Script(Protocol):
    """What evaluation reads of a parsed script; engine.expr.Program is one (a protocol, so
    expr_eval needs no import of expr, which imports it)."""

    @property
    def source(self) -> str: ...
    @property
    def statements(self) -> tuple[Assign, ...]: ...
    @property
    def inputs(self) -> tuple[str, ...]: ...
    @property
    def output(self) -> str: ...
