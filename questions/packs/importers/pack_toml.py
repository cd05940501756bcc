"""Drafts written as a formatted pack, validated the way `pack validate` does.

Every draft becomes a `choice` or `numeric` [[question]]; the pack is then read back with
read_pack, and a question whose table has problems is left out with those problems named
at the draft's place in the imported file (the rest of the pack is kept).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from questions.model import AuthoredKey, parse_key
from questions.numbers import format_plain
from questions.packs.checker import PackError, Problem
from questions.packs.importers.draft import Draft, Imported, question_id
from questions.packs.limits import MAX_QUESTIONS
from questions.packs.load import read_pack

_PACK_ID = re.compile(r"[^a-z0-9_.-]+")


def string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def pack_id(source: str) -> str:
    """A pack id from the imported file's name."""
    return _PACK_ID.sub("-", Path(source).stem.lower()).strip("-._") or "imported"


def question_table(draft: Draft, qid: str) -> str:
    """One draft as a [[question]] table."""
    lines = ["[[question]]", f"id = {string(qid)}"]
    if draft.value is None:
        lines += ['type = "choice"', f"prompt = {string(draft.prompt)}"]
        lines.append(f"multiple = {'true' if draft.multiple else 'false'}")
    else:
        lines += ['type = "numeric"', f"prompt = {string(draft.prompt)}"]
        lines += [f"value = {format_plain(draft.value)}", f"sigfigs = {draft.sigfigs}"]
        if draft.solution:
            lines.append("solution = [")
            lines += [f"  {string(step)}," for step in draft.solution]
            lines.append("]")
    if draft.hints:
        lines.append(f"hints = [{', '.join(string(h) for h in draft.hints)}]")
    for c in draft.choices:
        lines += ["", "  [[question.choice]]", f"  text = {string(c.text)}"]
        lines += [f"  correct = {'true' if c.correct else 'false'}"]
        lines += [f"  explanation = {string(c.explanation)}"]
    for m in draft.mistakes:
        lines += ["", "  [[question.mistake]]", f"  mistake = {string(m.mistake)}"]
        lines += [f"  value = {format_plain(m.value)}"]
    return "\n".join(lines) + "\n"


def pack_toml(imported: Imported, pack: str = "", title: str = "", version: str = "1") -> str:
    """The drafts as a validated pack's text; drafts with problems move to `left_out`
    ("" when none is left)."""
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
        raise PackError(
            source,
            [
                Problem(
                    1,
                    1,
                    f"the file holds {len(imported.drafts)} questions; a pack holds at most "
                    f"{MAX_QUESTIONS}: split the file",
                )
            ],
        )
    while True:
        taken: set[str] = set()
        tables, starts = [], []
        line = header.count("\n") + 2
        for draft in imported.drafts:
            table = question_table(draft, question_id(draft.name, taken))
            starts.append(line)
            tables.append(table)
            line += table.count("\n") + 1
        text = header + "\n" + "\n".join(tables)
        try:
            read_pack(text, "import")
            return text
        except PackError as error:
            bad = _blame(error.problems, starts)
            if not bad or None in bad:  # the header itself: nothing a question can fix
                raise PackError(source, error.problems) from None
            for index in sorted({b for b in bad if b is not None}, reverse=True):
                draft = imported.drafts.pop(index)
                why = "; ".join(
                    p.message for p, b in zip(error.problems, bad, strict=True) if b == index
                )
                imported.leave_out(draft.line, draft.col, draft.name, why)
            if not imported.drafts:
                return ""


def _from_keys(imported: Imported) -> tuple[str, str]:
    """The pack id and version when every question is named by one pack's keys (a file the
    app exported), so a re-export names its questions as the first export did."""
    keys = set()
    for draft in imported.drafts:
        try:
            key = parse_key(draft.name)
        except ValueError:
            return "", ""
        if not isinstance(key, AuthoredKey):
            return "", ""
        keys.add((key.pack, key.version))
    return next(iter(keys)) if len(keys) == 1 else ("", "")


def _blame(problems: tuple[Problem, ...], starts: list[int]) -> list[int | None]:
    """For each problem, the index of the question whose table holds its line."""
    out: list[int | None] = []
    for problem in problems:
        index = None
        for n, start in enumerate(starts):
            if problem.line >= start:
                index = n
        out.append(index)
    return out
