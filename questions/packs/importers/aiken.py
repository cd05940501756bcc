"""Aiken, and the "Select one: a. … b. …" lists study pages use: single-answer questions.

A question is its text, then its options (`A. text`, `A) text`, `a. text`; on lines of
their own or all on one "Select one:" line), then `ANSWER: B` (or `Answer: b`, or "The
correct answer is: text"). "Select one or more:" with several answers makes a multiple
choice. Questions are separated by blank lines or follow each other directly after an
answer line.
"""

from __future__ import annotations

import re

from questions.packs.importers.draft import Draft, Imported, choice, plain_text

_OPTION = re.compile(r"^\s*([A-Za-z])\s*[.)]\s+(.*\S)\s*$")
_INLINE = re.compile(r"(?:^|\s)([a-jA-J])[.)]\s+")
_SELECT = re.compile(r"^\s*select\s+(one or more|one)\s*:\s*(.*)$", re.I)
_ANSWER = re.compile(r"^\s*answers?\s*:\s*(.+?)\s*$", re.I)
_CORRECT = re.compile(r"^\s*the correct answers? (?:is|are)\s*:\s*(.+?)\s*$", re.I)


def read_aiken(text: str, imported: Imported) -> None:
    """Every question of an Aiken file into drafts (or left out, with the reason)."""
    block: list[tuple[int, str]] = []
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines, 1):
        if line.strip():
            block.append((number, line))
            if _ANSWER.match(line) or _CORRECT.match(line):
                _question(block, imported)
                block = []
        elif block and any(_OPTION.match(t) for _, t in block):
            continue  # a blank line between options: the question goes on
        elif block:
            _question(block, imported)
            block = []
    if block:
        _question(block, imported)


def _question(block: list[tuple[int, str]], imported: Imported) -> None:
    line, first = block[0]
    col = len(first) - len(first.lstrip()) + 1
    prompt: list[str] = []
    options: list[tuple[str, str]] = []
    multiple = False
    answer = ""
    for _number, text in block:
        select = _SELECT.match(text)
        option = _OPTION.match(text)
        if select:
            multiple = select[1].lower() != "one"
            options += _inline(select[2])
        elif _ANSWER.match(text) or _CORRECT.match(text):
            answer = text
        elif option and (options or prompt):
            options.append((option[1].upper(), option[2]))
        elif options:
            imported.leave_out(line, col, f"question on line {line}", f"unexpected {text!r}")
            return
        else:
            prompt.append(text.strip())
    name = f"question on line {line}"
    if len(options) < 2 or not answer:
        why = "fewer than two options" if len(options) < 2 else "no ANSWER line"
        imported.leave_out(line, col, name, why)
        return
    right = _right(answer, options)
    if not right:
        imported.leave_out(line, col, name, f"{answer.strip()!r} names none of the options")
        return
    draft = Draft(line, col, name, plain_text("\n".join(prompt), False))
    draft.multiple = multiple or len(right) > 1
    draft.choices = [
        choice(plain_text(text, False), letter in right, "") for letter, text in options
    ]
    imported.drafts.append(draft)


def _inline(text: str) -> list[tuple[str, str]]:
    """'a. one b. two' as [(A, one), (B, two)]."""
    marks = list(_INLINE.finditer(text))
    return [
        (m[1].upper(), text[m.end() : marks[n + 1].start() if n + 1 < len(marks) else None].strip())
        for n, m in enumerate(marks)
    ]


def _right(answer: str, options: list[tuple[str, str]]) -> set[str]:
    """The letters the answer line names (by letter, or by the options' text)."""
    match = _ANSWER.match(answer)
    letters = {letter for letter, _ in options}
    if match:
        named = {p.strip().upper() for p in re.split(r"[,\s]+", match[1]) if p.strip()}
        if named <= letters:
            return named
        wanted = match[1]
    else:
        correct = _CORRECT.match(answer)
        wanted = correct[1] if correct else ""
    texts = {t.strip().lower(): letter for letter, t in options}
    parts = [wanted] if wanted.strip().lower() in texts else wanted.split(",")
    return {texts[p.strip().lower()] for p in parts if p.strip().lower() in texts}
