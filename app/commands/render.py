"""Plain-text worked solutions for a network: forward, backward and update tables."""

from __future__ import annotations

from collections.abc import Sequence

from engine.nn import LayerRun, NetworkRun, unit_names

DIGITS = 9
"""Significant digits shown: enough to check any answer a question asks for."""

LOSS_GRADIENTS = {
    "half_sse": "out - target",
    "sse": "2 (out - target)",
    "mse": "2 (out - target) / {n}",
    "bce": "(out - target) / (out (1 - out)) / {n}",
    "softmax_ce": "p - target, p = softmax(out)",
}
"""dLoss/d out at the output layer, as the worked solution writes it."""

ACTIVATION_SLOPES = {
    "sigmoid": "out (1 - out)",
    "tanh": "1 - out^2",
    "relu": "1 if net > 0 else 0",
    "leaky_relu": "1 if net > 0 else 0.01",
    "identity": "1",
}
"""d out / d net for each activation, as the worked solution writes it."""


def number(x: float) -> str:
    """A number as worked solutions print it."""
    return f"{float(x):.{DIGITS}g}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns under a header and a rule."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def network_solution(run: NetworkRun, variant: int = 0) -> str:
    """The whole worked solution for one variant: forward, backward, then the SGD step."""
    sizes = (run.layers[0].inputs.shape[1], *(layer.out.shape[1] for layer in run.layers))
    names = unit_names(sizes)
    activations = run.activations
    rate = float(run.learning_rate[variant])
    title = (
        f"Network {'-'.join(map(str, sizes))}, loss {run.loss_name}, learning rate {number(rate)}"
    )
    parts = [title, "", "FORWARD PASS", ""]
    inputs = run.layers[0].inputs[variant]
    parts.append(
        table(
            ["input", "value"],
            [[n, number(v)] for n, v in zip(names.units[0], inputs, strict=True)],
        )
    )
    for position, layer in enumerate(run.layers):
        parts += ["", _layer_title(position, len(run.layers), activations[position])]
        parts.append(_forward_table(layer, names, position, variant))
    parts += ["", _loss_line(run, names, variant)]
    parts += ["", "BACKWARD PASS (upstream x local = gradient)"]
    for position in reversed(range(len(run.layers))):
        parts += ["", _layer_title(position, len(run.layers), activations[position])]
        parts.append(_unit_table(run, names, position, activations[position], variant))
        parts += ["", _weight_table(run.layers[position], names, position, variant)]
    parts += ["", f"UPDATED WEIGHTS (w - {number(rate)} x dL/dw)", ""]
    parts.append(_update_table(run, names, rate, variant))
    return "\n".join(parts) + "\n"


def _layer_title(position: int, count: int, activation: str) -> str:
    kind = "output layer" if position == count - 1 else "hidden layer"
    return f"Layer {position + 1} ({kind}, {activation})"


def _forward_table(layer: LayerRun, names, position: int, variant: int) -> str:
    below = names.units[position]
    rows = []
    for j, unit in enumerate(names.units[position + 1]):
        terms = [
            f"{number(layer.weights[variant, j, i])} x {number(layer.inputs[variant, i])}"
            for i in range(len(below))
        ]
        terms.append(number(layer.biases[variant, j]))
        rows.append(
            [unit, " + ".join(terms), number(layer.net[variant, j]), number(layer.out[variant, j])]
        )
    return table(["unit", "net = sum w x + b", "net", "out"], rows)


def _loss_line(run: NetworkRun, names, variant: int) -> str:
    lines = []
    if run.probabilities is not None:
        probs = ", ".join(
            f"p_{n} = {number(p)}"
            for n, p in zip(names.units[-1], run.probabilities[variant], strict=True)
        )
        lines.append(f"softmax: {probs}")
    targets = ", ".join(
        f"{n} = {number(t)}" for n, t in zip(names.units[-1], run.targets[variant], strict=True)
    )
    lines.append(f"targets: {targets}")
    lines.append(f"loss ({run.loss_name}) = {number(run.loss[variant])}")
    return "\n".join(lines)


def _unit_table(run: NetworkRun, names, position: int, activation: str, variant: int) -> str:
    layer = run.layers[position]
    units = names.units[position + 1]
    if position == len(run.layers) - 1:
        source = LOSS_GRADIENTS[run.loss_name].format(n=len(units))
        upstream = [f"{source}" for _ in units]
    else:
        above = run.layers[position + 1]
        weight_names = names.weights[position + 1]
        upstream = [
            " + ".join(
                f"{number(above.delta[variant, k])} x {number(above.weights[variant, k, j])}"
                f" ({weight_names[k][j]})"
                for k in range(above.delta.shape[1])
            )
            for j in range(len(units))
        ]
    rows = [
        [
            unit,
            upstream[j],
            f"{number(layer.grad_out[variant, j])} x {number(layer.local[variant, j])}",
            number(layer.delta[variant, j]),
        ]
        for j, unit in enumerate(units)
    ]
    headers = [
        "unit",
        "dL/dout from (sum of delta x w above)"
        if position < len(run.layers) - 1
        else "dL/dout from the loss",
        f"dL/dout x {ACTIVATION_SLOPES[activation]}",
        "delta",
    ]
    return table(headers, rows)


def _weight_table(layer: LayerRun, names, position: int, variant: int) -> str:
    rows = []
    below, units = names.units[position], names.units[position + 1]
    for j, unit in enumerate(units):
        for i, source in enumerate(below):
            rows.append(
                [
                    names.weights[position][j][i],
                    f"{source} -> {unit}",
                    f"{number(layer.delta[variant, j])} x {number(layer.inputs[variant, i])}",
                    number(layer.grad_weights[variant, j, i]),
                ]
            )
        rows.append(
            [
                names.biases[position][j],
                f"bias of {unit}",
                f"{number(layer.delta[variant, j])} x 1",
                number(layer.grad_biases[variant, j]),
            ]
        )
    return table(["weight", "connects", "delta x input", "dL/dw"], rows)


def _update_table(run: NetworkRun, names, rate: float, variant: int) -> str:
    rows = []
    for position, layer in enumerate(run.layers):
        for j in range(layer.out.shape[1]):
            for i in range(layer.inputs.shape[1]):
                rows.append(
                    [
                        names.weights[position][j][i],
                        number(layer.weights[variant, j, i]),
                        number(layer.grad_weights[variant, j, i]),
                        number(layer.new_weights[variant, j, i]),
                    ]
                )
            rows.append(
                [
                    names.biases[position][j],
                    number(layer.biases[variant, j]),
                    number(layer.grad_biases[variant, j]),
                    number(layer.new_biases[variant, j]),
                ]
            )
    return table(["weight", "old", "dL/dw", "new"], rows)
