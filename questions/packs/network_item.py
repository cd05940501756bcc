"""Network questions in a pack: `type = "network"`, an embedded NetworkSpec and the asked
quantity, checked against the limits and solved once by the engine when read.
"""

from __future__ import annotations

import re

from engine.spec import NetworkSpec, SpecError, spec_from_table
from questions.packs.checker import Checker, show, suggest
from questions.packs.limits import MAX_LAYERS, MAX_UNITS
from questions.packs.model import INDICES, NetworkItem, Quantity, parse_quantity
from questions.packs.network import NetworkQuestionError, pack_question
from questions.packs.positions import Path

_SPEC_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_SPEC_UNKNOWN = re.compile(
    r'^unknown \w+,? (?:"(?P<value>[^"]*)", )?expected one of (?P<known>.+)$'
)  # the engine's "unknown key, expected one of a, b" and 'unknown loss "x", expected ...'


def read_network_item(
    c: Checker, path: Path, raw: dict, qid: str, where: str, topic: str
) -> NetworkItem | None:
    """The item a `type = "network"` table describes, or None after recording its problems;
    the engine solves it once here, so a question it cannot answer is a problem too."""
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
    if spec is None or ask is None or form is None or sigfigs is None or not isinstance(vary, bool):
        return None
    item = NetworkItem(qid, prompt, topic, hints, spec, ask, form, sigfigs, vary)
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
