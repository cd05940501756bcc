"""Reading each [[question]] of a pack into its item type, recording every problem found."""

from __future__ import annotations

import re

from engine.spec import NetworkSpec, SpecError, spec_from_table
from questions import registry
from questions.mistakes import MISTAKES
from questions.model import TOPICS, Choice, MistakeValue
from questions.numbers import within_sigfigs
from questions.packs.checker import Checker, show, suggest
from questions.packs.formula_item import FORMULA_KEYS, FormulaItem, read_formula_item
from questions.packs.limits import MAX_LAYERS, MAX_UNITS
from questions.packs.matrix_item import MATRIX_KEYS, MatrixItem, read_matrix_item
from questions.packs.model import (
    INDICES,
    ChoiceItem,
    FamilyItem,
    NetworkItem,
    NumericItem,
    PackItem,
    Quantity,
    parse_quantity,
)
from questions.packs.network import NetworkQuestionError, pack_question
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
MISTAKE_KEYS = ("mistake", "value")
SCORING = ("partial", "all-or-nothing")
MAX_CHOICES = 10  # Moodle's grade fractions cover 1/1 to 1/10 of the marks
MAX_COUNT = 100
DEFAULT_TOPIC = "mlp-backprop"
ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_SPEC_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_SPEC_UNKNOWN = re.compile(
    r'^unknown \w+,? (?:"(?P<value>[^"]*)", )?expected one of (?P<known>.+)$'
)  # the engine's "unknown key, expected one of a, b" and 'unknown loss "x", expected ...'


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
    return ChoiceItem(qid, prompt, multiple, tuple(choices), topic, hints, scoring)


def _numeric(c: Checker, path: Path, raw: dict, qid: str, where: str) -> NumericItem | None:
    prompt = c.text(raw, path, "prompt", where)
    value = c.number(raw, path, "value", where)
    sigfigs = c.integer(raw, path, "sigfigs", 1, 10, 3)
    mistakes = []
    for mpath, table in c.tables(raw, path, "mistake", "[[question.mistake]] tables"):
        c.keys(table, mpath, MISTAKE_KEYS, f"{where} mistake")
        name = c.one_of(table, mpath, "mistake", MISTAKES, None)
        wrong = c.number(table, mpath, "value", f"{where} mistake")
        if name is None or wrong is None:
            continue
        if value is not None and sigfigs and within_sigfigs(wrong, value, sigfigs):
            c.at_value(
                (*mpath, "value"),
                f"the value of mistake {name!r} would be accepted as "
                f"the right answer to {sigfigs} significant figures",
            )
        mistakes.append(MistakeValue(name, wrong))
    solution = c.texts(raw, path, "solution", 20)
    hints = c.texts(raw, path, "hints", 3)
    topic = _topic(c, path, raw)
    if not prompt or value is None or sigfigs is None:
        return None
    return NumericItem(qid, prompt, value, sigfigs, topic, tuple(mistakes), solution, hints)


def _matrix(c: Checker, path: Path, raw: dict, qid: str, where: str) -> MatrixItem | None:
    return read_matrix_item(c, path, raw, qid, where, _topic(c, path, raw))


def _network(c: Checker, path: Path, raw: dict, qid: str, where: str) -> NetworkItem | None:
    prompt = c.text(raw, path, "prompt", where, required=False)
    form = c.one_of(raw, path, "form", ("numeric", "choice"), "numeric")
    sigfigs = c.integer(raw, path, "sigfigs", 1, 10, 3)
    ask = None
    if c.present(raw, path, "ask", where):
        text = raw["ask"]
        try:
            if not isinstance(text, str):
                raise ValueError(
                    f"'ask' must be a string such as \"delta[0][1]\", got {show(text)}"
                )
            ask = parse_quantity(text)
        except ValueError as error:
            c.at_value((*path, "ask"), str(error))
    spec = None
    if c.present(raw, path, "network", where):
        try:
            spec = spec_from_table(raw["network"], "", "network")
        except SpecError as error:
            _spec_problem(c, path, error)
    if spec is not None and not _within_limits(c, (*path, "network"), spec):
        spec = None
    if spec is not None and ask is not None and not _in_range(c, (*path, "ask"), ask, spec):
        ask = None
    vary = raw.get("vary", True)
    if not isinstance(vary, bool):
        c.at_value((*path, "vary"), f"'vary' must be true or false, got {show(vary)}")
    hints = c.texts(raw, path, "hints", 3)
    topic = _topic(c, path, raw)
    if spec is None or ask is None or form is None or sigfigs is None or not isinstance(vary, bool):
        return None
    item = NetworkItem(qid, prompt, spec, ask, form, sigfigs, topic, hints, vary)
    try:
        pack_question("check", "0", "", item)
    except NetworkQuestionError as error:
        c.at_value((*path, "ask"), str(error))
        return None
    return item


def _within_limits(c: Checker, path: Path, spec: NetworkSpec) -> bool:
    """At most MAX_LAYERS layers of at most MAX_UNITS units, inputs included."""
    if len(spec.layers) > MAX_LAYERS:
        c.at_key(
            (*path, "layers", MAX_LAYERS),
            f"a network question has at most {MAX_LAYERS} layers, this one has {len(spec.layers)}",
        )
        return False
    for n, units in enumerate(spec.layer_sizes):
        if units > MAX_UNITS:
            where = (*path, "inputs") if n == 0 else (*path, "layers", n - 1, "weights")
            what = "inputs" if n == 0 else f"units in layer {n - 1}"
            c.at_value(
                where,
                f"a network question has at most {MAX_UNITS} units per layer (inputs "
                f"included), this one has {units} {what}",
            )
            return False
    return True


def _spec_problem(c: Checker, path: Path, error: SpecError) -> None:
    """The embedded network's problem at its key or value; an unknown key, activation or loss
    gets a did-you-mean from the names the engine lists."""
    spot = (*path, *_spec_path(error.key))
    message = f"{error.key}: {error.message}" if error.key else error.message
    unknown = _SPEC_UNKNOWN.match(error.message)
    if unknown:
        word = unknown["value"] if unknown["value"] is not None else str(spot[-1])
        message += suggest(word, unknown["known"].split(", "))
    place = c.at_key if error.message.startswith("unknown key") else c.at_value
    place(spot, message)


def _spec_path(key: str) -> Path:
    """'network.layers[0].weights[1]' -> ('network', 'layers', 0, 'weights', 1)."""
    return tuple(int(n) if n else name for name, n in _SPEC_PART.findall(key))


def _in_range(c: Checker, path: Path, ask: Quantity, spec: NetworkSpec) -> bool:
    """The asked layer, unit and input exist in the network; a problem names the range."""
    if ask.name == "loss":
        return True
    sizes = spec.layer_sizes
    layers = len(spec.layers)
    if ask.layer >= layers:
        c.at_value(
            path,
            f"{ask}: layer {ask.layer} is out of range: the network has {layers} "
            f"layer(s), numbered 0 to {layers - 1}",
        )
        return False
    units = sizes[ask.layer + 1]
    if ask.unit >= units:
        c.at_value(
            path,
            f"{ask}: unit {ask.unit} is out of range: layer {ask.layer} has "
            f"{units} unit(s), numbered 0 to {units - 1}",
        )
        return False
    fan_in = sizes[ask.layer]
    if INDICES[ask.name] == 3 and ask.source >= fan_in:
        c.at_value(
            path,
            f"{ask}: input {ask.source} is out of range: layer {ask.layer} has "
            f"{fan_in} input(s), numbered 0 to {fan_in - 1}",
        )
        return False
    return True


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
