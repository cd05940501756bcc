"""Plain-text worked solutions: a script's or a network's forward pass, backward pass, update.

Every backward row reads left to right as the chain rule: upstream x local = gradient.
Numbers are shown to DIGITS significant digits, enough to check any answer a question asks for.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from engine.activations import ACTIVATIONS
from engine.expr import Evaluation
from engine.losses import LOSS_KINDS
from engine.nn import LayerRun, NetworkRun, UnitNames, unit_names
from engine.trace import BackwardStep, ForwardStep, backward_steps, forward_steps

DIGITS = 9
"""Significant digits shown."""

CHAIN = ("x", "=")
"""The two operator columns of a backward row: upstream x local = gradient."""


def number(x: float) -> str:
    """A number as worked solutions print it (-0 printed as 0)."""
    return f"{float(x) + 0.0:.{DIGITS}g}"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = ()
) -> str:
    """Columns under a header and a rule; the columns numbered in `right` are right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _chain_row(label: Sequence[str], upstream: float, local: float, gradient: float) -> list[str]:
    """`label` cells, then upstream x local = gradient in five cells."""
    return [*label, number(upstream), CHAIN[0], number(local), CHAIN[1], number(gradient)]


def _chain_table(headers: Sequence[str], rows: list[list[str]]) -> str:
    """A table whose last five columns are upstream x local = gradient, numbers to the right."""
    first = len(headers)
    names = [*headers[:-3], headers[-3], "", headers[-2], "", headers[-1]]
    return table(names, rows, right={first - 3, first - 1, first + 1})


# --- scripts -----------------------------------------------------------------------------------


def script_solution(evaluation: Evaluation, variant: int = 0) -> str:
    """A script's worked solution: forward steps, backward edges with fan-out sums, gradients."""
    # Every binding under its own label (x, x#2 ...), as the tables above name them.
    output = evaluation.output.name
    values = evaluation.values(variant, every_binding=True)
    gradients = evaluation.gradients(variant, every_binding=True)
    summary = [[name, number(value), number(gradients[name])] for name, value in values.items()]
    parts = [
        "FORWARD PASS",
        "",
        forward_table(forward_steps(evaluation.output, variant)),
        "",
        "BACKWARD PASS (upstream x local = gradient)",
        "",
        backward_table(backward_steps(evaluation.output, variant)),
        "",
        *_rules_used(forward_steps(evaluation.output, variant)),
        f"GRADIENTS of {output}",
        "",
        table(["node", "value", f"d{output}/dnode"], summary, right={1, 2}),
    ]
    return "\n".join(parts) + "\n"


RULES = {
    "max": "max passes the gradient to the larger input; a tie splits it half and half",
    "min": "min passes the gradient to the smaller input; a tie splits it half and half",
    "abs": "abs has slope 1 above 0 and -1 below; at 0 its slope is taken as 0",
    "relu": "relu has slope 1 above 0 and 0 below; at 0 its slope is taken as 0",
}
"""The conventions at a kink or a tie, stated in words wherever a script uses the op."""


def _rules_used(steps: Sequence[ForwardStep]) -> list[str]:
    """The RULES of the ops a script uses, each with the nodes where it decided a gradient."""
    values = {s.node: s.value for s in steps}
    decided: dict[str, list[str]] = {}
    for s in steps:
        if s.op not in RULES:
            continue
        at = [values.get(name) for name in s.inputs]
        tie = s.op in ("max", "min") and len(at) == 2 and at[0] == at[1]
        kink = s.op in ("abs", "relu") and at[:1] == [0.0]
        decided.setdefault(s.op, [])
        if tie or kink:
            decided[s.op].append(s.node)
    if not decided:
        return []
    lines = ["RULES AT TIES AND KINKS", ""]
    for op, nodes in decided.items():
        used = f" (used here: {', '.join(nodes)})" if nodes else ""
        lines.append(f"  {RULES[op]}{used}")
    return [*lines, ""]


def forward_table(steps: Sequence[ForwardStep]) -> str:
    """One row per step: node, op, inputs, value."""
    rows = [[s.node, s.op, ", ".join(s.inputs), number(s.value)] for s in steps]
    return table(["node", "op", "inputs", "value"], rows, right={3})


def backward_table(steps: Sequence[BackwardStep]) -> str:
    """One edge per row, upstream x local = gradient; then the sums where a value fans out."""
    rows = [_chain_row([f"{s.node} -> {s.parent}"], s.upstream, s.local, s.gradient) for s in steps]
    text = _chain_table(["edge", "upstream", "local", "gradient"], rows)
    incoming: dict[str, list[float]] = {}
    for s in steps:
        incoming.setdefault(s.parent, []).append(s.gradient)
    fans = {name: parts for name, parts in incoming.items() if len(parts) > 1}
    if fans:
        lines = ["", "where a value fans out, its gradient is the sum over its edges:"]
        for name, parts in fans.items():
            lines.append(f"  {name}: {_sum(parts)} = {number(sum(parts))}")
        text += "\n" + "\n".join(lines)
    return text


def _sum(terms: Sequence[str | float]) -> str:
    """Terms joined by + and -: "a - b" rather than "a + -b"."""
    text = ""
    for k, term in enumerate(terms):
        shown = term if isinstance(term, str) else number(term)
        if k and shown.startswith("-"):
            text += f" - {shown[1:]}"
        else:
            text += f" + {shown}" if k else shown
    return text


# --- networks ----------------------------------------------------------------------------------


def network_solution(run: NetworkRun, variant: int = 0) -> str:
    """The whole worked solution for one variant: forward, backward, then the SGD step."""
    sizes = (run.layers[0].inputs.shape[1], *(layer.out.shape[1] for layer in run.layers))
    names = unit_names(sizes)
    rate = float(run.learning_rate[variant])
    title = (
        f"Network {'-'.join(map(str, sizes))}, loss {run.loss_name}, learning rate {number(rate)}"
    )
    inputs = zip(names.units[0], run.layers[0].inputs[variant], strict=True)
    parts = [
        title,
        "",
        "FORWARD PASS",
        "",
        table(["input", "value"], [[n, number(v)] for n, v in inputs]),
    ]
    for position, layer in enumerate(run.layers):
        parts += ["", _layer_title(run, position), _forward_table(layer, names, position, variant)]
    parts += ["", _loss_lines(run, names, variant)]
    parts += ["", "BACKWARD PASS (upstream x local = gradient)"]
    for position in reversed(range(len(run.layers))):
        parts += ["", _layer_title(run, position), _unit_table(run, names, position, variant)]
        parts += ["", _weight_table(run.layers[position], names, position, variant)]
    parts += ["", f"UPDATED WEIGHTS (w - {number(rate)} x dL/dw)", ""]
    parts.append(_update_table(run, names, variant))
    return "\n".join(parts) + "\n"


def _layer_title(run: NetworkRun, position: int) -> str:
    kind = "output layer" if position == len(run.layers) - 1 else "hidden layer"
    return f"Layer {position + 1} ({kind}, {run.activations[position]})"


def _forward_table(layer: LayerRun, names: UnitNames, position: int, variant: int) -> str:
    rows = []
    for j, unit in enumerate(names.units[position + 1]):
        terms = [
            f"{number(layer.weights[variant, j, i])} x {number(layer.inputs[variant, i])}"
            for i in range(layer.inputs.shape[1])
        ]
        terms.append(number(layer.biases[variant, j]))
        rows.append(
            [unit, _sum(terms), number(layer.net[variant, j]), number(layer.out[variant, j])]
        )
    return table(["unit", "net = sum w x + b", "net", "out"], rows, right={2, 3})


def _loss_lines(run: NetworkRun, names: UnitNames, variant: int) -> str:
    outputs = names.units[-1]
    lines = []
    if run.probabilities is not None:
        probs = zip(outputs, run.probabilities[variant], strict=True)
        lines.append("softmax: " + ", ".join(f"p_{n} = {number(p)}" for n, p in probs))
    targets = zip(outputs, run.targets[variant], strict=True)
    lines.append("targets: " + ", ".join(f"{n} = {number(t)}" for n, t in targets))
    lines.append(f"loss ({run.loss_name}) = {number(run.loss[variant])}")
    return "\n".join(lines)


def _loss_gradient(run: NetworkRun, j: int, variant: int) -> tuple[str, str]:
    """dL/dout_j at the output layer: the formula, and the same with the numbers put in."""
    rule = LOSS_KINDS[run.loss_name].gradient_words
    n = run.targets.shape[1]
    p = "" if run.probabilities is None else number(run.probabilities[variant, j])
    o, t = number(run.layers[-1].out[variant, j]), number(run.targets[variant, j])
    return rule.format(o="out", t="target", p="p", n=n), rule.format(o=o, t=t, p=p, n=n)


def _unit_table(run: NetworkRun, names: UnitNames, position: int, variant: int) -> str:
    """Per unit: dL/dout (from the loss, or summed over the layer above) x slope = delta."""
    layer, units = run.layers[position], names.units[position + 1]
    if position == len(run.layers) - 1:
        formula = _loss_gradient(run, 0, variant)[0]
        sources = [_loss_gradient(run, j, variant)[1] for j in range(len(units))]
    else:
        above, weight_names = run.layers[position + 1], names.weights[position + 1]
        formula = "sum of delta x w above"
        sources = [
            _sum(
                [
                    f"{number(above.delta[variant, k])} x {number(above.weights[variant, k, j])}"
                    f" ({weight_names[k][j]})"
                    for k in range(above.delta.shape[1])
                ]
            )
            for j in range(len(units))
        ]
    rows = [
        _chain_row(
            [unit, sources[j]],
            layer.grad_out[variant, j],
            layer.local[variant, j],
            layer.delta[variant, j],
        )
        for j, unit in enumerate(units)
    ]
    slope = ACTIVATIONS[run.activations[position]].rule
    headers = ["unit", f"dL/dout = {formula}", "upstream dL/dout", f"local {slope}", "delta"]
    return _chain_table(headers, rows)


def _weight_table(layer: LayerRun, names: UnitNames, position: int, variant: int) -> str:
    """Per weight and bias: the delta of the unit it feeds x what it carries = dL/dw."""
    rows = []
    below, units = names.units[position], names.units[position + 1]
    for j, unit in enumerate(units):
        delta = layer.delta[variant, j]
        for i, source in enumerate(below):
            label = [names.weights[position][j][i], f"{source} -> {unit}"]
            rows.append(
                _chain_row(
                    label, delta, layer.inputs[variant, i], layer.grad_weights[variant, j, i]
                )
            )
        label = [names.biases[position][j], f"bias of {unit}"]
        rows.append(_chain_row(label, delta, 1.0, layer.grad_biases[variant, j]))
    return _chain_table(["weight", "connects", "delta", "input", "dL/dw"], rows)


def _update_table(run: NetworkRun, names: UnitNames, variant: int) -> str:
    rows = []
    for position, layer in enumerate(run.layers):
        for j in range(layer.out.shape[1]):
            for i in range(layer.inputs.shape[1]):
                old, grad = layer.weights[variant, j, i], layer.grad_weights[variant, j, i]
                new = layer.new_weights[variant, j, i]
                rows.append([names.weights[position][j][i], *map(number, (old, grad, new))])
            old, grad = layer.biases[variant, j], layer.grad_biases[variant, j]
            new = layer.new_biases[variant, j]
            rows.append([names.biases[position][j], *map(number, (old, grad, new))])
    return table(["weight", "old", "dL/dw", "new"], rows, right={1, 2, 3})
