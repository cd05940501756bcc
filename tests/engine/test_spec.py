"""NetworkSpec files: what a valid one gives, and the exact message for each way to get it wrong."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from engine.spec import LayerSpec, NetworkSpec, SpecError, load_spec, spec_from_dict

DESIGN_EXAMPLE = """\
[network]
inputs = [0.30, -0.20]
targets = [0.00, 1.00]
loss = "half_sse"          # half_sse = sum 1/2 (t-o)^2 | sse | mse | bce | softmax_ce
learning_rate = 0.1
[[network.layers]]
weights = [[0.40, -0.10], [0.25, 0.60]]  # weights[j][i]: from input i to unit j
biases  = [0.10, -0.20]
activation = "sigmoid"
[[network.layers]]
weights = [[0.70, -0.30], [-0.50, 0.20]]
biases  = [0.05, 0.00]
activation = "sigmoid"
"""


def valid() -> dict:
    """A 2-3-2 network as a parsed TOML document, to break one piece at a time."""
    return {
        "network": {
            "inputs": [0.3, -0.2],
            "targets": [0.0, 1.0],
            "loss": "half_sse",
            "learning_rate": 0.1,
            "layers": [
                {
                    "weights": [[0.4, -0.1], [0.25, 0.6], [0.1, 0.2]],
                    "biases": [0.1, -0.2, 0.0],
                    "activation": "tanh",
                },
                {
                    "weights": [[0.7, -0.3, 0.1], [-0.5, 0.2, 0.3]],
                    "biases": [0.05, 0],
                    "activation": "sigmoid",
                },
            ],
        }
    }


def test_the_design_example_loads_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "net.toml"
    path.write_text(DESIGN_EXAMPLE)
    spec = load_spec(path)
    assert spec == NetworkSpec(
        inputs=(0.3, -0.2),
        targets=(0.0, 1.0),
        loss="half_sse",
        learning_rate=0.1,
        layers=(
            LayerSpec(((0.4, -0.1), (0.25, 0.6)), (0.1, -0.2), "sigmoid"),
            LayerSpec(((0.7, -0.3), (-0.5, 0.2)), (0.05, 0.0), "sigmoid"),
        ),
    )
    assert spec.layer_sizes == (2, 2, 2)


def test_integers_are_numbers_and_become_floats() -> None:
    spec = spec_from_dict(valid())
    assert spec.layers[1].biases == (0.05, 0.0)
    assert isinstance(spec.layers[1].biases[1], float)
    assert spec.layer_sizes == (2, 3, 2)


def broken(change) -> dict:
    data = copy.deepcopy(valid())
    change(data["network"])
    return data


def _set(key, value):
    return lambda net: net.__setitem__(key, value)


def _set_layer(position, key, value):
    return lambda net: net["layers"][position].__setitem__(key, value)


def _delete(key):
    return lambda net: net.pop(key)


CASES = [
    (_delete("inputs"), "net.toml: network.inputs: missing, expected a list of numbers"),
    (
        _delete("loss"),
        "net.toml: network.loss: missing, expected one of half_sse, sse, mse, bce, softmax_ce",
    ),
    (
        lambda net: net["layers"][0].pop("activation"),
        "net.toml: network.layers[0].activation: missing, "
        "expected one of sigmoid, tanh, relu, leaky_relu, identity, softplus",
    ),
    (
        _set("momentum", 0.9),
        "net.toml: network.momentum: unknown key, "
        "expected one of inputs, targets, loss, learning_rate, layers",
    ),
    (
        _set_layer(1, "bias", [0, 0]),
        "net.toml: network.layers[1].bias: unknown key, "
        "expected one of weights, biases, activation",
    ),
    (_set("inputs", 0.5), "net.toml: network.inputs: expected a list of numbers, got 0.5"),
    (_set("inputs", []), "net.toml: network.inputs: expected a non-empty list of numbers"),
    (_set("inputs", [0.3, "x"]), 'net.toml: network.inputs[1]: expected a number, got "x"'),
    (_set("inputs", [True, 0.2]), "net.toml: network.inputs[0]: expected a number, got true"),
    (
        _set("targets", [0.0, float("nan")]),
        "net.toml: network.targets[1]: expected a finite number, got nan",
    ),
    (
        _set_layer(0, "biases", [0.1, float("inf"), 0]),
        "net.toml: network.layers[0].biases[1]: expected a finite number, got inf",
    ),
    (
        _set_layer(1, "weights", [[0.7, -0.3], [-0.5, 0.2]]),
        "net.toml: network.layers[1].weights: "
        "expected 3 columns (one per unit of the layer below), got 2",
    ),
    (
        _set_layer(0, "weights", [[0.4, -0.1, 0.0], [0.25, 0.6, 0.0], [0.1, 0.2, 0.0]]),
        "net.toml: network.layers[0].weights: expected 2 columns (one per input), got 3",
    ),
    (
        _set_layer(0, "weights", [[0.4, -0.1], [0.25], [0.1, 0.2]]),
        "net.toml: network.layers[0].weights[1]: "
        "expected 2 numbers like row 0 (rows must be equally long), got 1",
    ),
    (
        _set_layer(0, "weights", [0.4, -0.1]),
        "net.toml: network.layers[0].weights[0]: expected a row (a list of numbers), got 0.4",
    ),
    (
        _set_layer(0, "weights", []),
        "net.toml: network.layers[0].weights: expected a non-empty list of rows, got an empty list",
    ),
    (
        _set_layer(0, "biases", [0.1, 0.2]),
        "net.toml: network.layers[0].biases: expected 3 values (one per row of weights), got 2",
    ),
    (
        _set_layer(0, "activation", "gelu"),
        'net.toml: network.layers[0].activation: unknown activation "gelu", '
        "expected one of sigmoid, tanh, relu, leaky_relu, identity, softplus",
    ),
    (
        _set_layer(0, "activation", 3),
        "net.toml: network.layers[0].activation: expected a string naming the activation, got 3",
    ),
    (
        _set("loss", "cross_entropy"),
        'net.toml: network.loss: unknown loss "cross_entropy", '
        "expected one of half_sse, sse, mse, bce, softmax_ce",
    ),
    (
        _set("targets", [0.0, 1.0, 0.0]),
        "net.toml: network.targets: expected 2 values (one per output unit), got 3",
    ),
    (
        _set("learning_rate", 0),
        "net.toml: network.learning_rate: expected a positive number, got 0",
    ),
    (
        _set("learning_rate", -0.5),
        "net.toml: network.learning_rate: expected a positive number, got -0.5",
    ),
    (
        _set("learning_rate", "0.1"),
        'net.toml: network.learning_rate: expected a positive number, got "0.1"',
    ),
    (_set("layers", []), "net.toml: network.layers: expected at least one layer"),
    (
        _set("layers", {"weights": [[1.0]]}),
        "net.toml: network.layers: expected [[network.layers]] tables, got a table",
    ),
    (
        lambda net: net.update(loss="bce", targets=[0.0, 1.5]),
        "net.toml: network.targets[1]: bce needs targets in [0, 1], got 1.5",
    ),
    (
        lambda net: (net.update(loss="bce"), net["layers"][1].update(activation="identity")),
        "net.toml: network.layers[1].activation: bce needs outputs in (0, 1): "
        'expected "sigmoid", got "identity"',
    ),
    (
        lambda net: net.update(loss="softmax_ce", targets=[0.5, 0.6]),
        "net.toml: network.targets: softmax_ce needs a probability distribution "
        "(summing to 1), got a sum of 1.1",
    ),
    (
        lambda net: net.update(loss="softmax_ce", targets=[1.5, -0.5]),
        "net.toml: network.targets[1]: softmax_ce needs a probability distribution "
        "(non-negative), got -0.5",
    ),
    (
        lambda net: (
            net.update(loss="softmax_ce", targets=[1.0]),
            net["layers"][1].update(weights=[[0.7, -0.3, 0.1]], biases=[0.0]),
        ),
        "net.toml: network.targets: softmax_ce needs at least 2 outputs, got 1",
    ),
]


@pytest.mark.parametrize(("change", "message"), CASES, ids=[m.split(": ")[1] for _, m in CASES])
def test_each_mistake_is_named_with_its_key(change, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        spec_from_dict(broken(change), "net.toml")
    assert str(caught.value) == message


def test_a_spec_error_is_a_value_error_with_its_parts() -> None:
    with pytest.raises(ValueError) as caught:
        spec_from_dict(broken(_set("learning_rate", 0)), "net.toml")
    error = caught.value
    assert isinstance(error, SpecError)
    assert (error.source, error.key) == ("net.toml", "network.learning_rate")


def test_softmax_ce_accepts_a_distribution_with_rounding() -> None:
    data = broken(lambda net: net.update(loss="softmax_ce", targets=[0.1 + 0.2, 0.7]))
    assert spec_from_dict(data).loss == "softmax_ce"


def test_the_document_needs_one_network_table() -> None:
    with pytest.raises(SpecError, match=r"^x\.toml: network: missing table, expected \[network\]$"):
        spec_from_dict({}, "x.toml")
    with pytest.raises(
        SpecError, match=r"^x\.toml: nets: unknown key, expected only a \[network\] table$"
    ):
        spec_from_dict({"nets": {}, **valid()}, "x.toml")
    with pytest.raises(SpecError, match=r"^x\.toml: network: expected a table, got 3$"):
        spec_from_dict({"network": 3}, "x.toml")


def test_a_missing_file_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value) == f"{path}: file not found"


def test_a_directory_is_not_a_spec(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, expected a TOML file"


def test_toml_syntax_errors_give_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "net.toml"
    path.write_text("[network]\ninputs = [0.3, -0.2\nloss = 'sse'\n")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:3:1: invalid TOML: ")
    assert "(at line" not in message


def test_bytes_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "net.toml"
    path.write_bytes(b"[network]\ninputs = \xff\n")
    with pytest.raises(SpecError, match=r"net\.toml: expected UTF-8 text$"):
        load_spec(path)
