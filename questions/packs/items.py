"""Reading each [[question]] of a pack into its item type, recording every problem found."""

from __future__ import annotations

import re

from questions import registry
from questions.model import TOPICS, Choice, MistakeValue
from questions.numbers import within_sigfigs
from questions.packs.authored import figured_mistakes
from questions.packs.checker import Checker, show, suggest
from questions.packs.formula_item import FORMULA_KEYS, FormulaItem, read_formula_item
from questions.packs.matrix_item import MATRIX_KEYS, MatrixItem, read_matrix_item
from questions.packs.model import (
    ChoiceItem,
    FamilyItem,
    NetworkItem,
    NumericItem,
    PackItem,
)
from questions.packs.network_item import read_network_item
from questions.packs.positions import Path

TYPES = ("choice", "numeric", "network", "family", "matrix", "formula")
COMMON = ("id", "type", "prompt", "topic", "hints")
KEYS = {
    "choice": (*COMMON, "multiple", "scoring", "choice"),
    "numeric": (*COMMON, "value", "sigfigs", "mistake", "solution"),
    "network": (*COMMON, "ask", "form", "sigfigs", "vary", "network"),
    "family": ("id", "type", "family", "level", "count"),
    "matrix": MATRIX_KEYS,
    "formula": FORMULA_KEYS,
}
ALL_KEYS = tuple(dict.fromkeys(k for keys in KEYS.values() for k in keys))
CHOICE_KEYS = ("text", "correct", "explanation")
SCORING = ("partial", "all-or-nothing")
MAX_CHOICES = 10  # Moodle's grade fractions cover 1/1 to 1/10 of the marks
MAX_COUNT = 100
DEFAULT_TOPIC = "mlp-backprop"
ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def read_item(c: Checker, path: Path, raw: dict) -> PackItem | None:
    """The item a [[question]] table describes, or None after recording its problems."""
    qid = raw.get("id")
    where = f"question {qid!r}" if isinstance(qid, str) else f"question #{int(path[-1]) + 1}"
    kind = c.one_of(raw, path, "type", TYPES, None)
    c.keys(raw, path, KEYS.get(kind or "", ALL_KEYS), where)
    if not isinstance(qid, str) or not ID.match(qid):
        c.at_value(
            (*path, "id"),
            f"{where} needs an 'id' of lowercase letters, digits, '-', '_' or '.', "
            f"got {show(qid) if 'id' in raw else 'none'}",
        )
        qid = None
    if kind is None:
        return None
    reader = {
        "choice": _choice,
        "numeric": _numeric,
        "network": _network,
        "family": _family,
        "matrix": _matrix,
        "formula": _formula,
    }
    item = reader[kind](c, path, raw, qid or "unnamed", where)  # every problem, id or not
    return item if qid is not None else None


def _topic(c: Checker, path: Path, raw: dict) -> str:
    topic = raw.get("topic", DEFAULT_TOPIC)
    if topic not in TOPICS:
        known = ", ".join(TOPICS)
        if isinstance(topic, str):
            message = f"unknown topic {show(topic)}{suggest(topic, TOPICS)} (topics: {known})"
        else:
            message = f"'topic' must be one of {known}, got {show(topic)}"
        c.at_value((*path, "topic"), message)
        return DEFAULT_TOPIC
    return topic


def _choice(c: Checker, path: Path, raw: dict, qid: str, where: str) -> ChoiceItem | None:
    before = len(c.problems)
    prompt = c.text(raw, path, "prompt", where)
    multiple = raw.get("multiple", False)
    if not isinstance(multiple, bool):
        c.at_value((*path, "multiple"), f"'multiple' must be true or false, got {show(multiple)}")
        multiple = False
    entries = c.tables(raw, path, "choice", "[[question.choice]] tables")
    choices = []
    unmarked = False  # a choice whose 'correct' is not a bool: counting right ones is moot
    for n, (cpath, table) in enumerate(entries):
        at = f"{where} choice #{n + 1}"
        c.keys(table, cpath, CHOICE_KEYS, at)
        text = c.text(table, cpath, "text", at)
        correct = table.get("correct")
        if not isinstance(correct, bool):
            unmarked = True
            c.at_value(
                (*cpath, "correct"),
                f"{at}: 'correct' must be true or false, got "
                f"{show(correct) if 'correct' in table else 'none'}",
            )
        explanation = c.text(table, cpath, "explanation", f"{at} (why it is right or wrong)")
        choices.append(Choice(text, correct is True, explanation))
    if len(entries) < 2 or len(entries) > MAX_CHOICES:
        c.at_key(
            path,
            f"{where} needs 2 to {MAX_CHOICES} [[question.choice]] tables, found {len(entries)}",
        )
    texts = [ch.text.lower() for ch in choices if ch.text]
    if len(set(texts)) != len(texts):
        c.at_key((*path, "choice"), f"{where} has two choices with the same text")
    right = sum(ch.correct for ch in choices)
    if entries and right == 0 and not unmarked:
        c.at_key(path, f"{where} has no right answer: mark a choice with correct = true")
    elif not multiple and right > 1:
        c.at_key(path, f"{where} has {right} right choices; set multiple = true for several")
    scoring = c.one_of(raw, path, "scoring", SCORING, "partial")
    if "scoring" in raw and not multiple:
        c.at_key((*path, "scoring"), f"{where}: 'scoring' is for multiple = true questions")
    hints = c.texts(raw, path, "hints", 3)
    topic = _topic(c, path, raw)
    if len(c.problems) > before or not prompt or scoring is None:
        return None
    return ChoiceItem(qid, prompt, topic, hints, multiple, tuple(choices), scoring)


def _numeric(c: Checker, path: Path, raw: dict, qid: str, where: str) -> NumericItem | None:
    prompt = c.text(raw, path, "prompt", where)
    value = c.number(raw, path, "value", where)
    sigfigs = c.integer(raw, path, "sigfigs", 1, 10, 3)

    def read(table: dict, at: Path) -> float | None:
        return c.number(table, at, "value", f"{where} mistake")

    words = ("value", f"to {sigfigs} significant figures")
    found = figured_mistakes(c, path, raw, where, (value, sigfigs), words, read, within_sigfigs)
    solution = c.texts(raw, path, "solution", 20)
    hints = c.texts(raw, path, "hints", 3)
    topic = _topic(c, path, raw)
    if not prompt or value is None or sigfigs is None:
        return None
    mistakes = tuple(MistakeValue(name, wrong) for name, wrong in found)
    return NumericItem(qid, prompt, topic, hints, value, mistakes, solution, sigfigs)


def _network(c: Checker, path: Path, raw: dict, qid: str, where: str) -> NetworkItem | None:
    return read_network_item(c, path, raw, qid, where, _topic(c, path, raw))


def _matrix(c: Checker, path: Path, raw: dict, qid: str, where: str) -> MatrixItem | None:
    return read_matrix_item(c, path, raw, qid, where, _topic(c, path, raw))


def _family(c: Checker, path: Path, raw: dict, qid: str, where: str) -> FamilyItem | None:
    known = [info.id for info in registry.families()]
    family = c.one_of(raw, path, "family", known, None)
    level = c.integer(raw, path, "level", 1, 9, 1)
    count = c.integer(raw, path, "count", 1, MAX_COUNT, 1)
    if family is not None and level is not None:
        levels = registry.family(family).info.levels
        if level not in levels:
            c.at_value(
                (*path, "level"),
                f"family {family!r} has no level {level} (levels: {', '.join(map(str, levels))})",
            )
            return None
    if family is None or level is None or count is None:
        return None
    return FamilyItem(qid, family, level, count)


def _formula(c: Checker, path: Path, raw: dict, qid: str, where: str) -> FormulaItem | None:
    return read_formula_item(c, path, raw, qid, where, _topic(c, path, raw))
