"""GIFT: multiple choice (`=` right, `~` wrong, `~%50%` weights), true/false, numeric
(`{#value:tolerance}`, `{#low..high}`) and numeric short answers; each question at its line.

`// comments` (a `[id:…]` in them is the question's ID number, as Moodle reads it),
`$CATEGORY:` lines and `::title::` are read; `[html]` text is reduced to plain
text. Matching (`->`), essays (`{}`), word short answers and missing-word questions with
text after the braces are left out with the reason. Escapes `\\~ \\= \\# \\{ \\} \\:` are read.
"""

from __future__ import annotations

import re

from questions.packs.importers.draft import Draft, Imported, plain_text

_SPECIAL = "~=#{}:"
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_ID = re.compile(r"\[id:((?:\\\]|[^\]])*)\]")
_FORMAT = re.compile(r"^\s*\[(html|plain|markdown|moodle)\]")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _SPECIAL + "\\n":
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _split(text: str, marks: str) -> list[tuple[str, str]]:
    """(mark, piece) at every unescaped mark character; the first piece has mark ''."""
    pieces, mark, start, i = [], "", 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in marks:
            pieces.append((mark, text[start:i]))
            mark, start = text[i], i + 1
        i += 1
    pieces.append((mark, text[start:]))
    return pieces


def _text(raw: str, is_html: bool) -> str:
    return plain_text(_unescape(raw.strip()), is_html)


def read_gift(text: str, imported: Imported) -> None:
    """Every question of a GIFT file into drafts (or left out, with the reason)."""
    lines = text.replace("\r\n", "\n").split("\n")
    block: list[tuple[int, str]] = []
    key = ""
    for number, line in enumerate([*lines, ""], 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            found = _ID.search(stripped)
            key = found[1].replace("\\]", "]") if found else key
            continue
        if stripped.startswith("$CATEGORY:"):
            imported.take_title(stripped[len("$CATEGORY:") :])
            continue
        if stripped:
            block.append((number, line))
        elif block:
            try:
                _question(block, imported, key)
            except ValueError as error:  # a number GIFT cannot mean, say
                where = block[0][0]
                imported.leave_out(where, 1, f"question on line {where}", f"unreadable ({error})")
            block, key = [], ""


def _question(block: list[tuple[int, str]], imported: Imported, key: str) -> None:
    line = block[0][0]
    col = len(block[0][1]) - len(block[0][1].lstrip()) + 1
    source = "\n".join(text for _, text in block).strip()
    name = f"question on line {line}"
    if source.startswith("::"):
        end = source.find("::", 2)
        if end > 0:
            name = _unescape(source[2:end]).strip() or name
            source = source[end + 2 :]
    head = _split(source, "{}")
    if len(head) < 3 or head[1][0] != "{" or head[2][0] != "}":
        imported.leave_out(line, col, repr(name), "no {answer block}: a description or essay")
        return
    prompt_raw, body, after = head[0][1], head[1][1], "".join(p for _, p in head[2:]).strip()
    marker = _FORMAT.match(prompt_raw)
    is_html = marker is not None and marker[1] == "html"
    prompt_raw = _FORMAT.sub("", prompt_raw, count=1)
    draft = Draft(line, col, name, _text(prompt_raw, is_html), key=key)
    body = body.strip()
    if after:
        imported.leave_out(
            line,
            col,
            repr(name),
            "a missing-word question (text after the answers) has no pack equivalent",
        )
    elif not body:
        imported.leave_out(line, col, repr(name), "an essay has no pack equivalent")
    elif "->" in body:
        imported.leave_out(line, col, repr(name), "a matching question has no pack equivalent")
    elif body.upper().split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        _truefalse(draft, body, is_html, imported)
    elif body.startswith("#"):
        _numeric(draft, body[1:], is_html, imported)
    else:
        _choices(draft, body, is_html, imported)


def _feedback_split(piece: str, is_html: bool) -> tuple[str, str]:
    parts = _split(piece, "#")
    return parts[0][1], _text("#".join(p for _, p in parts[1:]), is_html)


def _general(body: str) -> tuple[str, str]:
    """The answers and the `####` general feedback."""
    index = body.find("####")
    return (body, "") if index < 0 else (body[:index], body[index + 4 :])


def _truefalse(draft: Draft, body: str, is_html: bool, imported: Imported) -> None:
    body, _general_feedback = _general(body)
    parts = _split(body, "#")
    truth = parts[0][1].strip().upper() in ("T", "TRUE")
    wrong_fb = _text(parts[1][1], is_html) if len(parts) > 1 else ""
    right_fb = _text(parts[2][1], is_html) if len(parts) > 2 else ""
    draft.add_choice("True", truth, right_fb if truth else wrong_fb)
    draft.add_choice("False", not truth, wrong_fb if truth else right_fb)
    imported.drafts.append(draft)


def _choices(draft: Draft, body: str, is_html: bool, imported: Imported) -> None:
    body, general = _general(body)
    answers = [(m, p) for m, p in _split(body, "=~") if m]
    if all(m == "=" for m, _ in answers):  # only right answers: a short answer
        _numeric(draft, body.replace("=", "", 1), is_html, imported)
        return
    weighted = False
    for mark, piece in answers:
        piece, feedback = _feedback_split(piece, is_html)
        weight = _WEIGHT.match(piece.strip())
        if weight:
            weighted = True
            piece = piece.strip()[weight.end() :]
        right = mark == "=" or (weight is not None and float(weight[1]) > 0)
        draft.add_choice(_text(piece, is_html), right, feedback)
    draft.multiple = weighted and sum(c.correct for c in draft.choices) > 1
    if general.strip():
        imported.note(draft, "its general feedback was dropped (a choice question has none)")
    imported.drafts.append(draft)


def _numeric(draft: Draft, body: str, is_html: bool, imported: Imported) -> None:
    body, general = _general(body)
    answers = [p for m, p in _split(body, "=") if p.strip()]
    right = None
    for piece in answers:
        piece, feedback = _feedback_split(piece, is_html)
        weight = _WEIGHT.match(piece.strip())
        fraction = float(weight[1]) if weight else 100.0
        value_text = _unescape(piece.strip()[weight.end() :] if weight else piece.strip())
        try:
            value, band = _number(value_text)
        except ValueError:
            imported.leave_out(
                draft.line,
                draft.col,
                repr(draft.name),
                f"{value_text!r} is not a number (a word short answer has no pack equivalent)",
            )
            return
        if fraction >= 100 and right is None:
            right = value
            draft.set_value(value, band, value_text.split(":")[0])
        else:
            imported.other_answer(draft, value_text, value, fraction, feedback, "")
    if right is None:
        imported.leave_out(draft.line, draft.col, repr(draft.name), "no answer gives 100%")
        return
    draft.set_solution(_unescape(general))
    imported.drafts.append(draft)


def _number(text: str) -> tuple[float, float]:
    """(value, tolerance) of `v`, `v:t` or `low..high`."""
    if ".." in text:
        low, high = (float(t) for t in text.split(".."))
        return (low + high) / 2, abs(high - low) / 2
    value, _, band = text.partition(":")
    return float(value), float(band) if band.strip() else 0.0
