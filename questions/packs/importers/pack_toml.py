"""Drafts written as a formatted pack, validated the way `pack validate` does.

Every draft becomes a `choice`, `numeric` or `matrix` [[question]] table, checked by read_item as
`pack validate` checks it; a question with problems is left out with those problems named
at the draft's place in the imported file (the rest of the pack is kept). The [pack] table
is checked by read_pack. The text says exactly what was checked: strings are written with
JSON's escapes (TOML's own) and numbers as their shortest repr.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from questions.model import AuthoredKey, parse_key
from questions.numbers import format_plain
from questions.packs.checker import Checker, PackError, Problem
from questions.packs.importers.draft import Draft, Imported, question_id
from questions.packs.items import read_item
from questions.packs.limits import MAX_QUESTIONS
from questions.packs.load import read_pack
from questions.packs.positions import Positions

_PACK_ID = re.compile(r"[^a-z0-9_.-]+")


def string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def pack_id(source: str) -> str:
    """A pack id from the imported file's name."""
    return _PACK_ID.sub("-", Path(source).stem.lower()).strip("-._") or "imported"


def question_raw(draft: Draft, qid: str) -> dict[str, Any]:
    """One draft as the table TOML would parse: what read_item checks."""
    raw: dict[str, Any] = {"id": qid}
    if draft.matrix is not None:
        raw |= {"type": "matrix", "prompt": draft.prompt, "value": draft.matrix}
        raw["sigfigs"] = draft.sigfigs
        if draft.solution:
            raw["solution"] = list(draft.solution)
    elif draft.value is None:
        raw |= {"type": "choice", "prompt": draft.prompt, "multiple": draft.multiple}
    else:
        raw |= {"type": "numeric", "prompt": draft.prompt, "value": draft.value}
        raw["sigfigs"] = draft.sigfigs
        if draft.solution:
            raw["solution"] = list(draft.solution)
    if draft.hints:
        raw["hints"] = list(draft.hints)
    if draft.choices:
        raw["choice"] = [
            {"text": c.text, "correct": c.correct, "explanation": c.explanation}
            for c in draft.choices
        ]
    if draft.mistakes:
        raw["mistake"] = [{"mistake": m.mistake, "value": m.value} for m in draft.mistakes]
    if draft.matrix_mistakes:
        raw["mistake"] = [{"mistake": m, "value": rows} for m, rows in draft.matrix_mistakes]
    return raw


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string(value)
    if isinstance(value, list) and all(isinstance(v, float | int) for v in value):
        return "[" + ", ".join(_value(v) for v in value) + "]"  # a matrix row on one line
    if isinstance(value, list):
        return "[\n" + "".join(f"  {_value(v)},\n" for v in value) + "]"
    if isinstance(value, float):
        return repr(value) if value == 0 else format_plain(value)  # -0.0 keeps its sign
    return str(value)


def question_table(raw: dict[str, Any]) -> str:
    """A [[question]] table, its choices and mistakes as indented sub-tables."""
    lines = ["[[question]]"]
    lines += [f"{k} = {_value(v)}" for k, v in raw.items() if k not in ("choice", "mistake")]
    for key in ("choice", "mistake"):
        for table in raw.get(key, []):
            lines += ["", f"  [[question.{key}]]"]
            lines += [f"  {k} = {_value(v)}".replace("\n", "\n  ") for k, v in table.items()]
    return "\n".join(lines) + "\n"


def pack_toml(imported: Imported, pack: str = "", title: str = "", version: str = "1") -> str:
    """The drafts as a validated pack's text; a draft with problems moves to `left_out`
    with them ("" when none is left).

    Each question is checked by read_item, as `pack validate` checks it, and the header by
    read_pack; the writer says exactly what was checked (tests/questions/packs/
    test_import_toml.py parses what it writes for every kind of character)."""
    source = imported.source
    pack, version = pack or _from_keys(imported)[0], _from_keys(imported)[1] or version
    header = "\n".join(
        [
            f"# Imported from {Path(source).name} by `backprop-quiz pack import`.",
            "",
            "[pack]",
            f"id = {string(pack or pack_id(source))}",
            f"title = {string(title or imported.title or Path(source).stem)}",
            f"author = {string('Imported from ' + Path(source).name)}",
            f"version = {string(version)}",
            "",
        ]
    )
    if len(imported.drafts) > MAX_QUESTIONS:
        message = (
            f"the file holds {len(imported.drafts)} questions; a pack holds at most "
            f"{MAX_QUESTIONS}: split the file"
        )
        raise PackError(source, [Problem(1, 1, message)])
    taken: set[str] = set()
    kept: list[Draft] = []
    raws: list[dict[str, Any]] = []
    for draft in imported.drafts:
        raw = question_raw(draft, question_id(draft.key or draft.name, taken))
        checker = Checker(Positions())
        if read_item(checker, ("question", len(raws)), raw) is None or checker.problems:
            why = "; ".join(dict.fromkeys(p.message for p in checker.problems))
            imported.leave_out(draft.line, draft.col, repr(draft.name), why)
            continue
        kept.append(draft)
        raws.append(raw)
    imported.drafts = kept
    if not raws:
        return ""
    tables = [question_table(raw) for raw in raws]
    read_pack(header + "\n" + tables[0], source)  # the [pack] table: PackError if it is wrong
    return header + "\n" + "\n".join(tables)


def _from_keys(imported: Imported) -> tuple[str, str]:
    """The pack id and version when every question is named by one pack's keys (a file the
    app exported), so a re-export names its questions as the first export did."""
    keys = set()
    for draft in imported.drafts:
        try:
            key = parse_key(draft.key or draft.name)
        except ValueError:
            return "", ""
        if not isinstance(key, AuthoredKey):
            return "", ""
        keys.add((key.pack, key.version))
    return next(iter(keys)) if len(keys) == 1 else ("", "")
