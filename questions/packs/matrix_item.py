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

Every problem (a ragged row, a cell that is not a number, a mistake the grader would accept)
is recorded at its FILE:LINE:COL, down to the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.toml_text import show
from questions.grading_matrix import matches
from questions.matrix import Matrix, shape_text
from questions.mistakes import MISTAKES
from questions.model import AuthoredKey, Kind, MatrixAnswer, MatrixMistake, Question, Step
from questions.packs.checker import Checker, is_number
from questions.packs.positions import Path

MATRIX_KEYS = ("id", "type", "prompt", "topic", "hints", "value", "sigfigs", "mistake", "solution")
MISTAKE_KEYS = ("mistake", "value")
MAX_SIDE = 12
"""Most rows, and most columns, of an authored matrix."""


@dataclass(frozen=True)
class MatrixItem:
    """A typed vector or matrix, every cell to the significant figures asked for."""

    id: str
    prompt: str
    value: Matrix
    sigfigs: int
    topic: str
    mistakes: tuple[MatrixMistake, ...] = ()
    solution: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()


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


def read_matrix_item(
    c: Checker, path: Path, raw: dict, qid: str, where: str, topic: str
) -> MatrixItem | None:
    """The item a `type = "matrix"` table describes, or None after recording its problems."""
    prompt = c.text(raw, path, "prompt", where)
    value = read_matrix(c, path, raw, where)
    sigfigs = c.integer(raw, path, "sigfigs", 1, 10, 3)
    mistakes = []
    for mpath, table in c.tables(raw, path, "mistake", "[[question.mistake]] tables"):
        c.keys(table, mpath, MISTAKE_KEYS, f"{where} mistake")
        name = c.one_of(table, mpath, "mistake", MISTAKES, None)
        wrong = read_matrix(c, mpath, table, f"{where} mistake")
        if name is None or wrong is None:
            continue
        if value is not None and sigfigs and matches(wrong, value, sigfigs):
            c.at_value(
                (*mpath, "value"),
                f"the matrix of mistake {name!r} would be accepted as the right answer "
                f"({shape_text((len(value), len(value[0])))}, every cell to {sigfigs} "
                "significant figures)",
            )
        mistakes.append(MatrixMistake(name, wrong))
    solution = c.texts(raw, path, "solution", 20)
    hints = c.texts(raw, path, "hints", 3)
    if not prompt or value is None or sigfigs is None:
        return None
    return MatrixItem(qid, prompt, value, sigfigs, topic, tuple(mistakes), solution, hints)


def matrix_question(
    key: AuthoredKey, title: str, item: MatrixItem, tags: tuple[str, ...]
) -> Question:
    """A matrix item as a Question keyed by (pack id, question id, pack version)."""
    return Question(
        key=key,
        topic=item.topic,
        kind=Kind.MATRIX,
        prompt=item.prompt,
        title=title,
        matrix=MatrixAnswer(item.value, item.sigfigs),
        matrix_mistakes=item.mistakes,
        hints=item.hints,
        solution=tuple(Step(text) for text in item.solution),
        tags=tags,
    )
