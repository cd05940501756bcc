"""The app's own CSV export read back: choice and numeric rows, one question each.

Columns are found by their header (key, name, type, prompt, answer, sigfigs, choices,
mistakes, hints, solution; others are ignored); a byte-order mark is skipped; the
apostrophe the export puts before a text a spreadsheet would take for a formula is removed
again. Choices and mistakes are read as JSON lists or as readable lines ("✓ text: why",
"0.477: mistake name"), whichever the file holds; a matrix row's answer and mistakes are
the matrices written out.
"""

from __future__ import annotations

import csv
import io
import json

from questions.mistakes import MISTAKES
from questions.model import Choice, MistakeValue
from questions.packs.importers.draft import Draft, Imported, choice

NEEDED = ("key", "type", "prompt")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def read_csv(text: str, imported: Imported) -> None:
    """Every row of the app's CSV into drafts (or left out, with the reason)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [c for c in NEEDED if c not in (reader.fieldnames or [])]
    if missing:
        imported.leave_out(
            1,
            1,
            "the file",
            f"no {', '.join(missing)} column (the header row of the app's CSV export is needed)",
        )
        return
    line = 2
    for row in reader:
        start, line = line, reader.line_num + 1
        name = row.get("key") or f"row on line {start}"
        try:
            draft = _row(row, start, name)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            imported.leave_out(start, 1, repr(name), f"unreadable row ({error})")
            continue
        if draft is None:
            imported.leave_out(start, 1, repr(name), f"type {row.get('type')!r} is not imported")
        else:
            imported.drafts.append(draft)


def _row(row: dict[str, str], line: int, name: str) -> Draft | None:
    kind = row.get("type", "")
    draft = Draft(line, 1, row.get("name") or name, _text(row.get("prompt") or ""), key=name)
    draft.solution = _lines(row.get("solution"))
    draft.hints = _lines(row.get("hints"))
    if kind in ("single", "multiple"):
        draft.multiple = kind == "multiple"
        draft.choices = _choices(_text(row.get("choices") or ""))
        draft.solution = []
        return draft
    if kind == "matrix":  # the answer and each mistake's whole matrix, written out
        draft.matrix = [[float(v) for v in row] for row in json.loads(row["answer"])]
        draft.sigfigs = int(row.get("sigfigs") or 3)
        draft.matrix_mistakes = [
            (str(m["mistake"]), [[float(v) for v in r] for r in m["value"]])
            for m in json.loads(_text(row.get("mistakes") or "") or "[]")
        ]
        return draft
    if kind == "numeric":
        draft.value = float(row["answer"])
        draft.sigfigs = int(row.get("sigfigs") or 3)
        draft.mistakes = _mistakes(_text(row.get("mistakes") or ""))
        return draft
    return None


def _lines(cell: str | None) -> list[str]:
    return [s for s in _text(cell or "").split("\n") if s.strip()]


def _choices(cell: str) -> list[Choice]:
    if cell.startswith("["):
        return [
            choice(str(c["text"]), bool(c["correct"]), str(c.get("explanation") or ""))
            for c in json.loads(cell)
        ]
    out = []
    for line in _lines(cell):
        mark, _, rest = line.partition(" ")
        if mark not in ("✓", "✗"):
            raise ValueError(f"a choice line starts with ✓ or ✗, not {line!r}")
        text, _, why = rest.partition(": ")
        out.append(choice(text, mark == "✓", why))
    return out


def _mistakes(cell: str) -> list[MistakeValue]:
    if cell.startswith("["):
        return [MistakeValue(str(m["mistake"]), float(m["value"])) for m in json.loads(cell)]
    by_name = {m.name: m.id for m in MISTAKES.values()}
    out = []
    for line in _lines(cell):
        value, _, what = line.partition(": ")
        mistake = what if what in MISTAKES else by_name.get(what)
        if mistake is None:
            raise ValueError(f"{what!r} is none of the app's mistakes")
        out.append(MistakeValue(mistake, float(value)))
    return out
