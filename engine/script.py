"""Tensor scripts: the worked-example script language grown to tensors (docs/design.md).

A script is statements `name = expression` over tensors, with numpy's broadcasting, `@`,
indexing (`x[i]`, `x[i, j]`, `x[idx]`, `x[range(n), y]`, slices), methods (`.sum(axis,
keepdims)`, `.mean`, `.max`, `.T`, `.reshape`/`.view`), `**` with a constant exponent,
unary minus, integer literals, `range(n)` and functions by name. Inputs come from a TOML
file's [inputs] (engine/script_file.py): float arrays are differentiated, integer arrays are
indices. The last statement is the output and must be a scalar; every input and statement
gets its value, its gradient and, in words, the rule its gradient came by.

Nothing is evaluated by Python: the text is tokenized and parsed by hand
(engine/script_parser.py) and evaluation builds engine ops (engine/script_eval.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine.expr_syntax import ExprError, error_at
from engine.script_eval import ScriptRun, evaluate
from engine.script_file import ScriptFile, ScriptFileError, read_script_file
from engine.script_parser import parse_statements
from engine.script_rules import gradient_rules
from engine.script_values import Static, show

__all__ = [
    "ExprError",
    "ScriptFile",
    "ScriptFileError",
    "ScriptRun",
    "Solved",
    "read_script_file",
    "run_script",
    "solve_file_text",
]


@dataclass(frozen=True)
class Solved:
    """A tensor script run, with each node's shape and gradient rule, ready to show."""

    run: ScriptRun
    rules: dict[str, list[str]]

    @property
    def labels(self) -> list[str]:
        """Every input, then every statement's label, in order."""
        return list(self.run.bindings)

    @property
    def output(self) -> str:
        """The output's label."""
        return self.run.output

    def shape(self, label: str) -> tuple[int, ...]:
        """One node's shape."""
        return self.run.bindings[label].shape

    def shape_text(self, label: str) -> str:
        """One node's shape as the messages write it, (32,27)."""
        return show(self.shape(label))

    def is_index(self, label: str) -> bool:
        """True for integers and other values that are not differentiated."""
        return isinstance(self.run.bindings[label], Static)


def run_script(source: str, inputs: Mapping[str, np.ndarray]) -> Solved:
    """Parse and run a tensor script on the given input arrays; ExprError says where."""
    statements = parse_statements(source)
    run = evaluate(source, statements, inputs)
    for label in run.bindings:
        gradient = run.gradient(label)
        if gradient is not None and not np.isfinite(gradient).all():
            raise error_at(
                source,
                statements[-1].start,
                f"the gradient of {run.output!r} with respect to {label!r} is not finite: "
                "a value overflows on the way back",
            )
    labels = {id(value): label for label, value in run.bindings.items()}
    return Solved(run, gradient_rules(run.made, source, labels))


def solve_file_text(text: str) -> Solved:
    """Read a tensor script file and run it; ScriptFileError names the file's line and column
    (a problem in the script is placed on the file's line when the text can be placed)."""
    script = read_script_file(text)
    try:
        return run_script(script.script, script.inputs)
    except ExprError as error:
        if error.line is None or not script.script_line:
            raise ScriptFileError(f"in the script: {error}") from None
        line = script.script_line + error.line - 1
        raise ScriptFileError(error.detail, line, error.column) from None
