"""Matrices as learners type them: a grid of cells or pasted text, read cell by cell.

A response is either a grid (a sequence of rows, each a sequence of cell texts or numbers,
as the grid entry gives it) or text: `[[1, 2], [3, 4]]`, `[1, 2, 3]`, or rows separated by
newlines or semicolons with cells separated by commas or spaces. Every cell is read by
`parse_number`, so a cell accepts what a numeric answer accepts; a cell that cannot be read
is a `FormatError` naming its row and column. Nothing is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from numbers import Real

from questions.numbers import FormatError, format_number, parse_number

Matrix = tuple[tuple[float, ...], ...]
"""Rows of cells; every row as long."""

MAX_CELLS = 400
MAX_TEXT = 20_000
_GROUP = re.compile(r"\[([^\[\]]*)\]")
_BETWEEN_GROUPS = re.compile(r"[\s,;]*")


def shape_text(shape: Sequence[int]) -> str:
    """'2 × 3' for a shape (rows, columns)."""
    return " × ".join(str(n) for n in shape)


def shape_of(rows: Sequence[Sequence[object]]) -> tuple[int, int]:
    """(rows, columns) of a rectangular grid; (0, 0) when empty."""
    return (len(rows), len(rows[0])) if rows else (0, 0)


def transpose(rows: Matrix) -> Matrix:
    """The matrix with rows and columns swapped."""
    return tuple(zip(*rows, strict=True)) if rows else ()


def parse_matrix(response: object) -> Matrix:
    """Read a matrix from grid cells or pasted text; FormatError says which cell and why."""
    if isinstance(response, str):
        return _checked(split_text(response))
    if isinstance(response, Sequence) and all(
        isinstance(row, Sequence) and not isinstance(row, str) for row in response
    ):
        return _checked([list(row) for row in response])
    raise TypeError(f"a matrix response is text or rows of cells, not {type(response).__name__}")


def split_text(text: str) -> list[list[str]]:
    """Pasted text as rows of cell texts (not yet read as numbers), for a grid to fill."""
    if len(text) > MAX_TEXT:
        raise FormatError(f"That is too long for a matrix (over {MAX_TEXT} characters).")
    stripped = text.strip()
    if not stripped:
        raise FormatError("The matrix is empty: fill in every cell.")
    if stripped.startswith("["):
        return _bracketed(stripped)
    if "[" in stripped or "]" in stripped:
        raise FormatError("Brackets must enclose the whole matrix, e.g. [[1, 2], [3, 4]].")
    lines = [line for line in re.split(r"[\n;]", stripped) if line.strip()]
    return [_cells(line) for line in lines]


def _bracketed(text: str) -> list[list[str]]:
    """`[[a, b], [c, d]]` or `[a, b]` as rows of cell texts."""
    if not text.endswith("]"):
        raise FormatError("A bracketed matrix must end with ']', e.g. [[1, 2], [3, 4]].")
    inner = text[1:-1].strip()
    if not inner.startswith("["):
        if "[" in inner or "]" in inner:
            raise FormatError("Write a matrix as [[1, 2], [3, 4]]: a list of bracketed rows.")
        return [_cells(inner)]
    rows: list[list[str]] = []
    at = 0
    while at < len(inner):
        gap = _BETWEEN_GROUPS.match(inner, at)
        at = gap.end() if gap else at
        if at >= len(inner):
            break
        group = _GROUP.match(inner, at)
        if group is None:
            raise FormatError(
                f"Row {len(rows) + 1} is not a bracketed list of numbers; write a matrix as "
                "[[1, 2], [3, 4]]."
            )
        rows.append(_cells(group[1]))
        at = group.end()
    return rows


def _cells(line: str) -> list[str]:
    """One row's cell texts: split at commas when there are any, else at spaces."""
    parts = line.split(",") if "," in line else line.split()
    return [part.strip() for part in parts]


def _checked(rows: Sequence[Sequence[object]]) -> Matrix:
    """Rows of cells read as numbers, after checking the grid is a non-empty rectangle."""
    if not rows or not any(rows):
        raise FormatError("The matrix is empty: fill in every cell.")
    width = len(rows[0])
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise FormatError(
                f"Row {number} has {_count(len(row))} but row 1 has {_count(width)}: "
                "every row needs as many."
            )
    if len(rows) * width > MAX_CELLS:
        raise FormatError(f"That is too large for an answer (over {MAX_CELLS} cells).")
    return tuple(
        tuple(_cell(cell, r, c) for c, cell in enumerate(row, start=1))
        for r, row in enumerate(rows, start=1)
    )


def _count(n: int) -> str:
    return f"{n} number" if n == 1 else f"{n} numbers"


def _cell(cell: object, row: int, column: int) -> float:
    """One cell as a float; FormatError naming the cell."""
    where = f"Row {row}, column {column}"
    if isinstance(cell, Real) and not isinstance(cell, bool):
        cell = repr(float(cell))
    if not isinstance(cell, str):
        raise TypeError(f"a matrix cell is text or a number, not {type(cell).__name__}")
    if not cell.strip():
        raise FormatError(f"{where} is empty: fill in every cell.")
    try:
        return parse_number(cell)
    except FormatError as error:
        raise FormatError(f"{where}: {error}") from None


def format_matrix(rows: Iterable[Iterable[float]], sigfigs: int = 3, *, trim: bool = False) -> str:
    """`[[0.1, 0.2], [0.3, 0.4]]` to `sigfigs` figures, in a form parse_matrix reads back;
    `trim` drops trailing zeros (an exact value shown as 1.236, not 1.23600)."""
    show = _trimmed if trim else format_number
    inner = ", ".join("[" + ", ".join(show(float(v), sigfigs) for v in row) + "]" for row in rows)
    return f"[{inner}]"


def _trimmed(value: float, sigfigs: int) -> str:
    """format_number without trailing zeros after the decimal point."""
    mantissa, _, exponent = format_number(value, sigfigs).partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{exponent}" if exponent else mantissa


def cell_name(row: int, column: int) -> str:
    """'row 1, column 2' for 0-based indices."""
    return f"row {row + 1}, column {column + 1}"
