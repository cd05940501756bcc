"""Worked-example scripts ("q = x + y; f = q * z") parsed safely and evaluated as engine graphs.

The language (docs/design.md, "The engine"):

- statements `name = expression`, separated by `;` or line breaks (a line break inside
  parentheses does not end a statement; `#` starts a comment to the end of the line);
- a name may be assigned again: the new node shadows the old one for later statements;
- operators `+ - * /` and `**` (or `^`, the same), right-associative and binding tighter than
  unary minus: `2^3^2` is 512 and `-2^2` is -4; unary minus and plus; parentheses;
- numbers `3`, `1.5`, `.5`, `2e-3`; functions `exp log sqrt abs sigmoid tanh relu` of one
  argument and `max min` of two;
- inputs are the names used before they are assigned; the last statement is the output.

Every statement gets a graph node of its own (`f = q` and `f = 3` make an identity node), named
after its target; a name assigned again is labelled `q#2`, `q#3` ... (the first binding is plain
`q`), so `Evaluation.bindings` and a trace never show two nodes under one name, while
`Evaluation.nodes` maps each plain name to its newest binding. Nesting deeper than MAX_DEPTH
(parentheses, calls, powers, signs in one statement) is an ExprError, never a RecursionError;
a flat chain such as `a + b + c + ...` is not nesting, and may be as long as you like.

`**` with a constant exponent is one power node; with an exponent that depends on an input
it is built as exp(exponent * log(base)) and needs a positive base. Nothing is evaluated by
Python: the text is tokenized and parsed by hand, and evaluation builds engine ops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.expr_eval import Evaluation, Values, evaluate
from engine.expr_parser import parse_expression, parse_statements
from engine.expr_syntax import FUNCTIONS, MAX_DEPTH, ExprError, error_at
from engine.syntax_tree import Assign, Binary, Call, Expr, Name, Negate, Number, names_in

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "Assign",
    "Binary",
    "Call",
    "Evaluation",
    "Expr",
    "ExprError",
    "Name",
    "Negate",
    "Number",
    "Program",
    "parse",
    "parse_assignments",
    "parse_formula",
]


@dataclass(frozen=True)
class Program:
    """A parsed script: its statements, its inputs in first-use order and its output's name."""

    source: str
    statements: tuple[Assign, ...]
    inputs: tuple[str, ...]
    output: str

    def evaluate(self, values: Values) -> Evaluation:
        """Run forward and backward for one variant (numbers) or N (arrays of shape (N,))."""
        return evaluate(self, values)


def parse(script: str) -> Program:
    """Parse a script; raises ExprError with the position of the first problem."""
    statements = parse_statements(script)
    assigned: set[str] = set()
    inputs: dict[str, None] = {}
    for statement in statements:
        for name in names_in(statement.value):
            if name.id not in assigned:
                inputs.setdefault(name.id)
        assigned.add(statement.target)
    return Program(script, statements, tuple(inputs), statements[-1].target)


def parse_formula(text: str, output: str = "f") -> Program:
    """A single expression as a one-statement program whose output is named `output`.

    Positions in errors count from the start of `text`, as the learner typed it.
    """
    value = parse_expression(text)
    inputs = dict.fromkeys(name.id for name in names_in(value))
    return Program(text, (Assign(output, value, start=0, end=value.end),), tuple(inputs), output)


_WORD = re.compile(r"[^\s,=]+|[,=]")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def parse_assignments(text: str) -> dict[str, float]:
    """Read `x=1.5,y=-2,z=3` for --at: commas and/or spaces between, Unicode minus accepted."""
    words = [(m.group().replace("\u2212", "-"), m.start()) for m in _WORD.finditer(text)]
    words.append(("", len(text)))
    values: dict[str, float] = {}
    i = 0
    while words[i][0]:
        name, at = words[i]
        if name == ",":
            i += 1
            continue
        if not name.isidentifier():
            raise error_at(text, at, f"expected a name before '=', found {name!r}")
        if words[i + 1][0] != "=":
            raise error_at(text, words[i + 1][1], f"expected '=' and a number after {name!r}")
        number, at = words[i + 2]
        if not _NUMBER.fullmatch(number):
            shown = repr(number) if number and number != "," else "nothing"
            raise error_at(
                text,
                at,
                f"the value of {name!r} must be a number like 1.5, -2 or 3e-2, not {shown}",
            )
        if name in values:
            raise error_at(text, words[i][1], f"{name!r} is given twice")
        values[name] = float(number)
        if abs(values[name]) == float("inf"):
            raise error_at(text, at, f"the value of {name!r} is too large")
        i += 3
    if not values:
        raise ExprError("no values given: expected name=number pairs like x=1.5,y=-2")
    return values
