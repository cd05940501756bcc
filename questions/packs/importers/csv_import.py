"""The app's own CSV export read back: choice and numeric rows, one question each.

Columns are found by their header (key, type, prompt, answer, sigfigs, choices, mistakes,
solution; others are ignored); a byte-order mark is skipped; the apostrophe the export puts
before a text a spreadsheet would take for a formula is removed again.
"""

from __future__ import annotations

import csv
import io
import json

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
    draft = Draft(line, 1, name, _text(row.get("prompt") or ""))
    draft.solution = [s for s in _text(row.get("solution") or "").split("\n") if s.strip()]
    if kind in ("single", "multiple"):
        draft.multiple = kind == "multiple"
        draft.choices = [_choice(c) for c in json.loads(row.get("choices") or "[]")]
        draft.solution = []
        return draft
    if kind == "numeric":
        draft.value = float(row["answer"])
        draft.sigfigs = int(row.get("sigfigs") or 3)
        draft.mistakes = [
            MistakeValue(str(m["mistake"]), float(m["value"]))
            for m in json.loads(row.get("mistakes") or "[]")
        ]
        return draft
    return None


def _choice(entry: dict) -> Choice:
    return choice(str(entry["text"]), bool(entry["correct"]), str(entry.get("explanation") or ""))
