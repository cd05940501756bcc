"""Moodle XML: multichoice, truefalse, numerical, numeric shortanswer and calculated.

A numerical question's 100% answer is the value and its tolerance gives the significant
figures (the figures whose band is nearest); a 0% answer whose feedback names one of the
app's mistakes (as the app's exports write it) is that mistake. A calculated question
becomes one numeric question per dataset item ("fixed variants"): its {x} placeholders
filled in, its formula evaluated by the app's own expression language (nothing in the file
is run as code; a formula using a function it does not know is left out with the reason).
"""

from __future__ import annotations

import re

from engine.expr import ExprError, parse
from questions.packs.importers.draft import Draft, Imported, plain_text, sigfigs_for
from questions.packs.importers.safe_xml import Node

CARRIED = ("multichoice", "truefalse", "numerical", "shortanswer", "calculated", "calculatedsimple")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def read_moodle(root: Node, imported: Imported) -> None:
    """Every question of a <quiz> into drafts, or a note on why it is left out."""
    if root.tag != "quiz":
        imported.leave_out(root.line, root.col, "the file", f"expected <quiz>, found <{root.tag}>")
        return
    for node in root.findall("question"):
        kind = node.attrs.get("type", "")
        name = node.value("name") or f"question on line {node.line}"
        if kind == "category":
            imported.take_title(node.value("category"))
            continue
        if kind not in CARRIED:
            imported.leave_out(
                node.line,
                node.col,
                repr(name),
                f"Moodle type {kind!r} has no pack equivalent (a pack holds choice and "
                f"numeric questions; {', '.join(CARRIED)} are imported)",
            )
            continue
        reader = {
            "multichoice": _multichoice,
            "truefalse": _truefalse,
            "numerical": _numerical,
            "shortanswer": _shortanswer,
        }.get(kind, _calculated)
        try:
            reader(node, name, imported)
        except ValueError as error:  # a number or a field that is not what Moodle writes
            imported.leave_out(node.line, node.col, repr(name), f"unreadable ({error})")


def _base(node: Node, name: str) -> Draft:
    draft = Draft(node.line, node.col, name, _html(node, "questiontext"))
    draft.key = node.value("idnumber")
    draft.hints = [t for t in (_html(h, None) for h in node.findall("hint")) if t][:3]
    return draft


def _html(node: Node, tag: str | None) -> str:
    element = node if tag is None else node.find(tag)
    if element is None:
        return ""
    text = element.find("text")
    markup = text.text if text is not None else element.text
    return plain_text(markup, element.attrs.get("format", "html") != "plain_text")


def _answers(node: Node) -> list[tuple[Node, float, str, str]]:
    """(node, fraction, text, feedback) of every <answer>."""
    out = []
    for answer in node.findall("answer"):
        try:
            fraction = float(answer.attrs.get("fraction", "0"))
        except ValueError:
            fraction = 0.0
        text = answer.value("text") or answer.text.strip()
        out.append((answer, fraction, text, _html(answer, "feedback")))
    return out


def _multichoice(node: Node, name: str, imported: Imported) -> None:
    draft = _base(node, name)
    draft.multiple = node.value("single", "true").lower() in ("false", "0")
    for answer, fraction, _text, feedback in _answers(node):
        text = _html(answer, None)
        right = fraction > 0 if draft.multiple else fraction >= 100
        if not draft.multiple and 0 < fraction < 100:
            imported.note(draft, f"choice {text!r} gave {fraction:g}%; a pack marks it wrong")
        draft.add_choice(text, right, feedback)
    _general(node, draft, imported)
    imported.drafts.append(draft)


def _truefalse(node: Node, name: str, imported: Imported) -> None:
    draft = _base(node, name)
    for _answer, fraction, text, feedback in _answers(node):
        label = "True" if text.strip().lower() == "true" else "False"
        draft.add_choice(label, fraction >= 100, feedback)
    _general(node, draft, imported)
    imported.drafts.append(draft)


def _general(node: Node, draft: Draft, imported: Imported) -> None:
    """A choice question's general feedback: a pack's choice question has no place for it."""
    if _html(node, "generalfeedback"):
        imported.note(draft, "its general feedback was dropped (a choice question has none)")


def _numeric(node: Node, draft: Draft, imported: Imported, answers: list) -> bool:
    """Value, figures and mistakes from numeric answers; False (and left out) without one."""
    right = [a for a in answers if a[1] >= 100]
    if not right:
        imported.leave_out(draft.line, draft.col, repr(draft.name), "no answer gives 100%")
        return False
    answer, _fraction, text, _feedback = right[0]
    try:
        draft.value = float(text)
        band = float(answer.value("tolerance", "0") or 0)
    except ValueError:
        imported.leave_out(answer.line, answer.col, repr(draft.name), f"{text!r} is not a number")
        return False
    draft.set_value(draft.value, band, text)
    why = ": a numeric question has one right value (and the app's mistakes)"
    for other, fraction, value, feedback in answers:
        if other is not answer:
            imported.other_answer(draft, value, value, fraction, feedback, why)
    draft.set_solution(_raw(node, "generalfeedback"))
    units = node.find("units")
    if units is not None and units.children:
        imported.note(draft, "its units were dropped")
    return True


def _raw(node: Node, tag: str) -> str:
    element = node.find(tag)
    return element.value("text") if element is not None else ""


def _numerical(node: Node, name: str, imported: Imported) -> None:
    draft = _base(node, name)
    if _numeric(node, draft, imported, _answers(node)):
        imported.drafts.append(draft)


def _shortanswer(node: Node, name: str, imported: Imported) -> None:
    draft = _base(node, name)
    answers = _answers(node)
    try:
        for _a, _f, text, _fb in answers:
            float(text)
    except ValueError:
        imported.leave_out(
            node.line,
            node.col,
            repr(name),
            "a short answer with words (not a number) has no pack equivalent",
        )
        return
    if _numeric(node, draft, imported, answers):
        imported.drafts.append(draft)


def _calculated(node: Node, name: str, imported: Imported) -> None:
    """One numeric draft per dataset item: placeholders filled in, the formula evaluated."""
    answers = [a for a in _answers(node) if a[1] >= 100]
    datasets = node.find("dataset_definitions")
    if not answers or datasets is None:
        imported.leave_out(node.line, node.col, repr(name), "no 100% formula or no datasets")
        return
    answer, _f, formula, _fb = answers[0]
    values: dict[str, dict[int, float]] = {}
    for definition in datasets.findall("dataset_definition"):
        variable = definition.value("name")
        items = definition.find("dataset_items")
        for entry in items.findall("dataset_item") if items is not None else []:
            values.setdefault(variable, {})[int(entry.value("number") or 0)] = float(
                entry.value("value") or "nan"
            )
    numbers = sorted(set.intersection(*(set(v) for v in values.values()))) if values else []
    script = "answer = " + _PLACEHOLDER.sub(r"\1", formula)
    try:
        program = parse(script)
        unknown = [n for n in program.inputs if n not in values]
        if unknown or not numbers:
            raise ExprError(f"no dataset values for {', '.join(unknown) or 'the variables'}")
        result = program.evaluate({k: [values[k][n] for n in numbers] for k in program.inputs})
    except (ExprError, ValueError) as error:
        imported.leave_out(
            answer.line,
            answer.col,
            repr(name),
            f"its formula {formula!r} cannot be evaluated here ({error})",
        )
        return
    length = node.value("correctanswerlength") or answer.value("correctanswerlength")
    by_figures = (answer.value("correctanswerformat") or "1") == "2"
    text = _raw(node, "questiontext")
    for n, number in enumerate(numbers):
        filled = _fill(text, values, number)
        draft = Draft(node.line, node.col, f"{name} #{number}", plain_text(filled))
        draft.value = float(result.output.value[n])
        band = float(answer.value("tolerance", "0") or 0)
        if by_figures and length.isdigit():
            draft.sigfigs = min(max(int(length), 1), 10)
        else:
            draft.sigfigs = sigfigs_for(
                draft.value, band * (abs(draft.value) if _relative(answer) else 1)
            )
        draft.set_solution(_raw(node, "generalfeedback"))
        imported.drafts.append(draft)


def _relative(answer: Node) -> bool:
    return (answer.value("tolerancetype") or "1") == "1"


def _show(value: float | None, placeholder: str) -> str:
    return placeholder if value is None else f"{value:g}"


def _fill(text: str, values: dict[str, dict[int, float]], number: int) -> str:
    """The text with each {x} replaced by x's value in dataset item `number`."""

    def value(match: re.Match[str]) -> str:
        return _show(values.get(match[1], {}).get(number), match[0])

    return _PLACEHOLDER.sub(value, text)
