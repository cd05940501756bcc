"""Matrix questions in a pack: `type = "matrix"` with an authored `value` (a list of rows).

```toml
[[question]]
id = "dw"
type = "matrix"
prompt = "What is $\\partial L / \\partial W$?"
value = [[0.125, -0.5], [2.0, 0.0375]]
sigfigs = 3
[[question.mistake]]
mistake = "transposed"
value = [[0.125, 2.0], [-0.5, 0.0375]]
```

Or the engine computes the matrix: `ask` names a node of a tensor script (in the question's
[question.script] table: `text` and `inputs`, as a script file's [script] and [inputs]),
and the answer is the gradient of the script's scalar output with respect to that node;
its sign and (for a square, unsymmetric answer) its transpose are the mistakes.

```toml
ask = "W"
[question.script]
text = "loss = ((X @ W) ** 2).mean()"
inputs = { X = [[1.0, 2.0], [0.5, -1.0]], W = [[0.3, -0.2], [0.1, 0.4]] }
```

Every problem (a ragged row, a cell that is not a number, a mistake the grader would accept)
is recorded at its FILE:LINE:COL, down to the cell.
"""

from __future__ import annotations

import numpy as np

from engine.script import ExprError, ScriptFileError, run_script
from engine.script_file import read_input
from engine.toml_text import show
from questions.grading_matrix import matches
from questions.matrix import Matrix, shape_text
from questions.model import AuthoredKey, Kind, MatrixAnswer, MatrixMistake, Question
from questions.packs.authored import FiguredItem, figured_mistakes
from questions.packs.checker import Checker, is_number
from questions.packs.positions import Path

MATRIX_KEYS = (
    "id",
    "type",
    "prompt",
    "topic",
    "hints",
    "value",
    "sigfigs",
    "mistake",
    "solution",
    "ask",
    "script",
)
SCRIPT_KEYS = ("text", "inputs")
MAX_SIDE = 12
"""Most rows, and most columns, of an authored matrix."""


class MatrixItem(FiguredItem[Matrix, MatrixMistake]):
    """A typed vector or matrix, every cell to the significant figures asked for."""

    def question(self, key: AuthoredKey, title: str, tags: tuple[str, ...]) -> Question:
        answer = MatrixAnswer(self.value, self.sigfigs)
        return self.as_question(
            key, title, tags, Kind.MATRIX, matrix=answer, matrix_mistakes=self.mistakes
        )


def read_matrix(c: Checker, path: Path, raw: dict, where: str) -> Matrix | None:
    """A required list of equally long rows of finite numbers; None after its problems."""
    if not c.present(raw, path, "value", where):
        return None
    value, at = raw["value"], (*path, "value")
    example = "a list of rows such as [[1.0, 2.0], [3.0, 4.0]] (a vector: [[1.0, 2.0, 3.0]])"
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        c.at_value(at, f"'value' must be {example}, got {show(value)}")
        return None
    width = len(value[0])
    if not 1 <= width <= MAX_SIDE or len(value) > MAX_SIDE:
        c.at_value(at, f"a matrix has 1 to {MAX_SIDE} rows of 1 to {MAX_SIDE} numbers")
        return None
    before = len(c.problems)
    for r, row in enumerate(value):
        if len(row) != width:
            c.at_value(
                (*at, r),
                f"row {r + 1} has {len(row)} numbers but row 1 has {width}: "
                "every row needs as many",
            )
            continue
        for col, cell in enumerate(row):
            if not is_number(cell):
                c.at_value(
                    (*at, r, col),
                    f"row {r + 1}, column {col + 1} must be a finite number, got {show(cell)}",
                )
    if len(c.problems) > before:
        return None
    return tuple(tuple(float(cell) for cell in row) for row in value)


def asked_matrix(c: Checker, path: Path, raw: dict, where: str) -> Matrix | None:
    """The gradient of a script's output with respect to the node `ask` names, as a matrix
    (a vector as one row); None after recording its problems."""
    ask = c.text(raw, path, "ask", where)
    script = raw.get("script")
    at = (*path, "script")
    if not isinstance(script, dict):
        c.at_key(path, f"{where}: 'ask' needs a [question.script] table with text and inputs")
        return None
    c.keys(script, at, SCRIPT_KEYS, f"{where} script")
    text = c.text(script, at, "text", f"{where} script")
    table = script.get("inputs", {})
    if not isinstance(table, dict):
        c.at_value((*at, "inputs"), "'inputs' must be a table of name = value")
        return None
    inputs = {}
    for name, value in table.items():
        try:
            inputs[name] = read_input(name, value)
        except ScriptFileError as error:
            c.at_value((*at, "inputs", name), str(error))
    if not ask or not text or len(inputs) < len(table):
        return None
    try:
        solved = run_script(text, inputs)
    except ExprError as error:
        c.at_value((*at, "text"), f"the script: {error}")
        return None
    if ask not in solved.labels:
        known = ", ".join(label for label in solved.labels if not solved.is_index(label))
        c.at_value((*path, "ask"), f"the script has no node {ask!r}; its nodes are {known}")
        return None
    gradient = solved.run.gradient(ask)
    if gradient is None or gradient.ndim not in (1, 2) or max(gradient.shape) > MAX_SIDE:
        shape = "indices" if gradient is None else f"shape {gradient.shape}"
        c.at_value(
            (*path, "ask"),
            f"the gradient with respect to {ask!r} must be a vector or a matrix of at most "
            f"{MAX_SIDE} by {MAX_SIDE} numbers; {ask!r} has {shape}",
        )
        return None
    rows = np.atleast_2d(gradient)
    return tuple(tuple(float(v) for v in row) for row in rows)


def _computed_mistakes(value: Matrix) -> tuple[MatrixMistake, ...]:
    """The sign, and the transpose when it differs and has the same shape."""
    found = [MatrixMistake("error-sign", tuple(tuple(-v for v in row) for row in value))]
    flipped = tuple(zip(*value, strict=True))
    if len(value) == len(value[0]) and not matches(flipped, value, 3):
        found.append(MatrixMistake("transposed", flipped))
    return tuple(m for m in found if not matches(m.rows, value, 3))


def read_matrix_item(
    c: Checker, path: Path, raw: dict, qid: str, where: str, topic: str
) -> MatrixItem | None:
    """The item a `type = "matrix"` table describes, or None after recording its problems."""
    prompt = c.text(raw, path, "prompt", where)
    computed = "ask" in raw or "script" in raw
    if computed and "value" in raw:
        c.at_key((*path, "value"), f"{where}: give either 'value' or 'ask' with a script, not both")
    value = asked_matrix(c, path, raw, where) if computed else read_matrix(c, path, raw, where)
    sigfigs = c.integer(raw, path, "sigfigs", 1, 10, 3)
    mistakes = list(_computed_mistakes(value)) if computed and value is not None else []

    def read(table: dict, at: Path) -> Matrix | None:
        return read_matrix(c, at, table, f"{where} mistake")

    shape = shape_text((len(value), len(value[0]))) if value else ""
    words = ("matrix", f"({shape}, every cell to {sigfigs} significant figures)")
    found = figured_mistakes(c, path, raw, where, (value, sigfigs), words, read, matches)
    mistakes += [MatrixMistake(name, wrong) for name, wrong in found]
    solution = c.texts(raw, path, "solution", 20)
    hints = c.texts(raw, path, "hints", 3)
    if not prompt or value is None or sigfigs is None:
        return None
    return MatrixItem(qid, prompt, topic, hints, value, tuple(mistakes), solution, sigfigs)
