"""NetworkSpec: the small TOML description of a network that `solve` reads and packs embed.

Validation reports `FILE: key: what was expected`, with keys written as paths such as
`network.layers[1].weights` (list positions count from 0, as in the TOML file's arrays).
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.activations import ACTIVATIONS
from engine.losses import LOSS_KINDS
from engine.toml_text import is_finite, is_number, show, too_deep_or_long

ACTIVATION_NAMES = tuple(ACTIVATIONS)
"""Every activation a layer may name (the keys of engine.activations.ACTIVATIONS)."""

LOSS_NAMES = tuple(LOSS_KINDS)
"""Every loss a network may name (the keys of engine.losses.LOSS_KINDS)."""

NETWORK_KEYS = ("inputs", "targets", "loss", "learning_rate", "layers")
LAYER_KEYS = ("weights", "biases", "activation")


class SpecError(ValueError):
    """A NetworkSpec that cannot be used; str() is `FILE: key: what was expected`."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key, self.message = source, key, message
        super().__init__(f"{source}: {key}: {message}" if key else f"{source}: {message}")


@dataclass(frozen=True)
class LayerSpec:
    """One dense layer: weights[j][i] connects input i to unit j."""

    weights: tuple[tuple[float, ...], ...]
    biases: tuple[float, ...]
    activation: str

    @property
    def units(self) -> int:
        """How many units this layer has."""
        return len(self.biases)


@dataclass(frozen=True)
class NetworkSpec:
    """A whole network with one training example, its loss and learning rate."""

    inputs: tuple[float, ...]
    targets: tuple[float, ...]
    loss: str
    learning_rate: float
    layers: tuple[LayerSpec, ...]

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Units per layer, inputs first: (2, 2, 2) for the classic 2-2-2 network."""
        return (len(self.inputs), *(layer.units for layer in self.layers))


_TOML_POSITION = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def load_spec(path: str | Path) -> NetworkSpec:
    """Read and validate a NetworkSpec TOML file; any problem raises SpecError."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SpecError(source, "", "file not found") from None
    except IsADirectoryError:
        raise SpecError(source, "", "is a directory, expected a TOML file") from None
    except OSError as error:
        raise SpecError(source, "", f"cannot read file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError(source, "", "expected UTF-8 text") from None
    refused = too_deep_or_long(text)
    if refused:
        line, col, what = refused
        raise SpecError(f"{source}:{line}:{col}", "", what)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.match(message)
        if match:
            where = f"{source}:{match['line']}:{match['col']}"
            raise SpecError(where, "", f"invalid TOML: {match['what']}") from None
        raise SpecError(source, "", f"invalid TOML: {message}") from None
    return spec_from_dict(data, source)


def spec_from_dict(data: Any, source: str = "FILE") -> NetworkSpec:
    """Validate a parsed TOML document holding one [network] table."""
    if not isinstance(data, dict):
        raise SpecError(source, "", "expected a TOML document with a [network] table")
    for key in data:
        if key != "network":
            raise SpecError(source, str(key), "unknown key, expected only a [network] table")
    if "network" not in data:
        raise SpecError(source, "network", "missing table, expected [network]")
    return spec_from_table(data["network"], source, "network")


def spec_from_table(table: Any, source: str = "FILE", key: str = "network") -> NetworkSpec:
    """Validate a network table found at `key` (packs embed it under their own key paths)."""
    if not isinstance(table, dict):
        raise SpecError(source, key, f"expected a table, got {show(table)}")
    _check_keys(table, NETWORK_KEYS, source, key)
    inputs = _numbers(table["inputs"], source, f"{key}.inputs")
    layers_raw = table["layers"]
    if not isinstance(layers_raw, list) or not all(isinstance(x, dict) for x in layers_raw):
        raise SpecError(
            source, f"{key}.layers", f"expected [[{key}.layers]] tables, got {show(layers_raw)}"
        )
    if not layers_raw:
        raise SpecError(source, f"{key}.layers", "expected at least one layer")
    layers: list[LayerSpec] = []
    below = len(inputs)
    for position, raw in enumerate(layers_raw):
        layer = _layer(raw, below, source, f"{key}.layers[{position}]", first=position == 0)
        layers.append(layer)
        below = layer.units
    loss = _choice(table["loss"], LOSS_NAMES, "loss", source, f"{key}.loss")
    targets = _numbers(table["targets"], source, f"{key}.targets")
    if len(targets) != below:
        raise SpecError(
            source,
            f"{key}.targets",
            f"expected {below} values (one per output unit), got {len(targets)}",
        )
    _check_targets(loss, targets, layers, source, key)
    rate = table["learning_rate"]
    if not is_number(rate) or not is_finite(rate) or rate <= 0:
        raise SpecError(
            source, f"{key}.learning_rate", f"expected a positive number, got {show(rate)}"
        )
    return NetworkSpec(inputs, targets, loss, float(rate), tuple(layers))


def _layer(raw: dict, below: int, source: str, key: str, first: bool) -> LayerSpec:
    _check_keys(raw, LAYER_KEYS, source, key)
    rows = raw["weights"]
    if not isinstance(rows, list) or not rows:
        raise SpecError(
            source, f"{key}.weights", f"expected a non-empty list of rows, got {show(rows)}"
        )
    weights = []
    for j, row in enumerate(rows):
        if not isinstance(row, list):
            raise SpecError(
                source,
                f"{key}.weights[{j}]",
                f"expected a row (a list of numbers), got {show(row)}",
            )
        weights.append(_numbers(row, source, f"{key}.weights[{j}]"))
    widths = {len(row) for row in weights}
    if len(widths) > 1:
        j = next(j for j, row in enumerate(weights) if len(row) != len(weights[0]))
        raise SpecError(
            source,
            f"{key}.weights[{j}]",
            f"expected {len(weights[0])} numbers like row 0 (rows must be equally long), "
            f"got {len(weights[j])}",
        )
    if len(weights[0]) != below:
        per = "one per input" if first else "one per unit of the layer below"
        raise SpecError(
            source, f"{key}.weights", f"expected {below} columns ({per}), got {len(weights[0])}"
        )
    biases = _numbers(raw["biases"], source, f"{key}.biases")
    if len(biases) != len(weights):
        raise SpecError(
            source,
            f"{key}.biases",
            f"expected {len(weights)} values (one per row of weights), got {len(biases)}",
        )
    activation = _choice(
        raw["activation"], tuple(ACTIVATIONS), "activation", source, f"{key}.activation"
    )
    return LayerSpec(tuple(weights), biases, activation)


def _check_targets(
    loss: str, targets: tuple[float, ...], layers: list[LayerSpec], source: str, key: str
) -> None:
    last = layers[-1]
    if loss == "bce":
        for k, t in enumerate(targets):
            if not 0.0 <= t <= 1.0:
                raise SpecError(
                    source, f"{key}.targets[{k}]", f"bce needs targets in [0, 1], got {t:g}"
                )
        if last.activation != "sigmoid":
            raise SpecError(
                source,
                f"{key}.layers[{len(layers) - 1}].activation",
                f'bce needs outputs in (0, 1): expected "sigmoid", got "{last.activation}"',
            )
    if loss == "softmax_ce":
        if len(targets) < 2:
            raise SpecError(source, f"{key}.targets", "softmax_ce needs at least 2 outputs, got 1")
        for k, t in enumerate(targets):
            if t < 0:
                raise SpecError(
                    source,
                    f"{key}.targets[{k}]",
                    f"softmax_ce needs a probability distribution (non-negative), got {t:g}",
                )
        if abs(math.fsum(targets) - 1.0) > 1e-9:
            raise SpecError(
                source,
                f"{key}.targets",
                "softmax_ce needs a probability distribution (summing to 1), "
                f"got a sum of {math.fsum(targets):g}",
            )


def _check_keys(table: dict, expected: tuple[str, ...], source: str, key: str) -> None:
    for name in table:
        if name not in expected:
            raise SpecError(
                source, f"{key}.{name}", f"unknown key, expected one of {', '.join(expected)}"
            )
    for name in expected:
        if name not in table:
            raise SpecError(source, f"{key}.{name}", f"missing, expected {_EXPECTED[name]}")


_EXPECTED = {
    "inputs": "a list of numbers",
    "targets": "a list of numbers (one per output unit)",
    "loss": f"one of {', '.join(LOSS_NAMES)}",
    "learning_rate": "a positive number",
    "layers": "at least one [[network.layers]] table",
    "weights": "a list of rows, weights[j][i] from input i to unit j",
    "biases": "a list of numbers (one per unit)",
    "activation": f"one of {', '.join(ACTIVATION_NAMES)}",
}


def _choice(value: Any, names: tuple[str, ...], what: str, source: str, key: str) -> str:
    if not isinstance(value, str):
        raise SpecError(source, key, f"expected a string naming the {what}, got {show(value)}")
    if value not in names:
        raise SpecError(
            source, key, f'unknown {what} "{value}", expected one of {", ".join(names)}'
        )
    return value


def _numbers(values: Any, source: str, key: str) -> tuple[float, ...]:
    if not isinstance(values, list):
        raise SpecError(source, key, f"expected a list of numbers, got {show(values)}")
    if not values:
        raise SpecError(source, key, "expected a non-empty list of numbers")
    for position, value in enumerate(values):
        if not is_number(value):
            raise SpecError(source, f"{key}[{position}]", f"expected a number, got {show(value)}")
        if not is_finite(value):
            raise SpecError(
                source, f"{key}[{position}]", f"expected a finite number, got {show(value)}"
            )
    return tuple(float(v) for v in values)
