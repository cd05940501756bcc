"""The words of a network question: the network in the prompt, the ask, the worked solution.

A family-shaped network (one hidden layer, at most 3-3-2) is described and solved step by
step with the network families' own text (questions.families.kit.small_text and
small_steps); any other network gets a layer-by-layer solution written here from the
engine's pass. Names are engine.nn's
unit_names everywhere (i1, h1, o1, w1 ...), so the two read alike.
"""

from __future__ import annotations

from functools import cache

from engine.activations import ACTIVATIONS
from engine.losses import LOSS_KINDS
from engine.nn import NetworkRun, UnitNames, unit_names
from questions.diagram import Diagram
from questions.families.diagrams import network_diagram
from questions.families.kit import small_steps as st
from questions.families.kit import small_text as ms
from questions.families.kit.formulas import m
from questions.formatting import signed_float as signed
from questions.model import Step
from questions.network.quantity import Quantity

ANSWER_NAME = {"net": "net_", "out": "out_", "grad_out": "∂E/∂out_", "delta": "δ_"}
"""The asked quantities whose last step covers a whole layer, as the answer step names them."""
num, given = ms.num, ms.given  # formatted once per distinct number


def _loss_gradient(loss: str) -> str:
    """dE/d out_k of the loss as mathtext."""
    return LOSS_KINDS[loss].gradient_math.format(o="out_k", t="t_k", p="p_k")


def names_of(run: NetworkRun) -> UnitNames:
    """Unit, weight and bias names for the run's layer sizes."""
    return _unit_names(_sizes(run))


def _sizes(run: NetworkRun) -> tuple[int, ...]:
    """The run's units per layer, inputs first."""
    return (run.layers[0].inputs.shape[1], *(layer.out.shape[1] for layer in run.layers))


_unit_names = cache(unit_names)  # names depend on the sizes alone: every variant shares them


def ask_text(ask: Quantity, names: UnitNames, rate: float) -> str:
    """The question sentence for the asked quantity."""
    if ask.name == "loss":
        return "What is the loss $E$ for this example?"
    unit = names.units[ask.layer + 1][ask.unit]
    if ask.name in ("grad_weights", "new_weights"):
        w = names.weights[ask.layer][ask.unit][ask.source]
        link = f"{w} ({names.units[ask.layer][ask.source]}→{unit})"
    else:
        w = names.biases[ask.layer][ask.unit]
        link = f"the bias {w} of {unit}"
    return {
        "net": f"What is the net input $net_{{{unit}}}$ of {unit}?",
        "out": f"What is the output $out_{{{unit}}}$ of {unit}?",
        "grad_out": f"What is $\\partial E / \\partial out_{{{unit}}}$?",
        "delta": (
            f"What is the delta $\\delta_{{{unit}}} = \\partial E / \\partial net_{{{unit}}}$?"
        ),
        "grad_weights": f"What is $\\partial E / \\partial {m(w)}$ for the weight {link}?",
        "grad_biases": f"What is $\\partial E / \\partial {m(w)}$ for {link}?",
        "new_weights": (
            f"After one step of gradient descent with learning rate $\\eta = {given(rate)}$, "
            f"what is the new value of the weight {link}?"
        ),
        "new_biases": (
            f"After one step of gradient descent with learning rate $\\eta = {given(rate)}$, "
            f"what is the new value of {link}?"
        ),
    }[ask.name]


def describe(run: NetworkRun, v: int) -> str:
    """Any network as a prompt gives it: layers, activations, every number, the loss."""
    numbers = run.layers[0].inputs[v].tolist()
    for layer in run.layers:
        numbers += [*layer.weights[v].ravel().tolist(), *layer.biases[v].tolist()]
    numbers += run.targets[v].tolist()
    words = _described(_sizes(run), run.activations, run.loss_name)
    return words.format(*map(given, numbers))


@cache
def _described(sizes: tuple[int, ...], activations: tuple[str, ...], loss: str) -> str:
    """describe's words for a shape, its activations and loss, a slot for each number in the
    order describe lists them: inputs, each layer's weights (row by row) and biases, targets."""
    names = _unit_names(sizes)
    parts = [f"A {'-'.join(map(str, sizes))} network."]
    parts.append("Inputs: " + ", ".join(f"${m(n)} = {ms.SLOT}$" for n in names.units[0]) + ".")
    for layer, act in enumerate(activations):
        below, here = names.units[layer], names.units[layer + 1]
        weights = ", ".join(
            f"${m(names.weights[layer][j][i])} = {ms.SLOT}$ ({below[i]}→{here[j]})"
            for j in range(len(here))
            for i in range(len(below))
        )
        biases = ", ".join(f"${m(b)} = {ms.SLOT}$" for b in names.biases[layer])
        parts.append(f"Into {', '.join(here)} ({act} units): {weights}; biases {biases}.")
    targets = ", ".join(f"$t_{{{n}}} = {ms.SLOT}$" for n in names.units[-1])
    parts.append(f"Targets: {targets}. The loss is {LOSS_KINDS[loss].math}.")
    return ms.slotted(" ".join(parts))


def solution(run: NetworkRun, v: int, ask: Quantity, value: float) -> list[Step]:
    """A layer-by-layer worked solution for any network, up to the asked quantity."""
    names = names_of(run)
    top = len(run.layers) - 1
    forward_to = ask.layer if ask.name in ("net", "out") else top
    steps = [_forward(run, v, names, layer) for layer in range(forward_to + 1)]
    if ask.name == "loss":
        outs = ", ".join(given(o) for o in run.outputs[v])
        loss = LOSS_KINDS[run.loss_name].math
        steps.append(Step(f"Loss at out = ({outs})", loss, "", num(value)))
        return steps
    unit = names.units[ask.layer + 1][ask.unit]
    answer = Step(f"The answer: {ANSWER_NAME.get(ask.name, '')}{unit}", result=num(value))
    if ask.name in ("net", "out"):
        return [*steps, answer]
    steps.append(_output_gradient(run, v, names))
    for layer in range(top, ask.layer - 1, -1):
        if layer < top:
            steps.append(_passed_back(run, v, names, layer))
        if ask.name == "grad_out" and layer == ask.layer:
            break
        steps.append(_deltas(run, v, names, layer))
    if ask.name in ANSWER_NAME:  # the last step lists a layer: name the asked unit's value
        return [*steps, answer]
    here = run.layers[ask.layer]
    if ask.name in ("grad_weights", "new_weights"):
        w = names.weights[ask.layer][ask.unit][ask.source]
        src = names.units[ask.layer][ask.source]
        grad = float(here.grad_weights[v, ask.unit, ask.source])
        steps.append(
            Step(
                f"Gradient of {w}",
                rf"$\partial E / \partial {m(w)} = \delta_{{{unit}}} \cdot out_{{{src}}}$",
                f"{num(here.delta[v, ask.unit])} × {signed(float(here.inputs[v, ask.source]))}",
                num(grad),
                id=f"grad:{w}",
            )
        )
        if ask.name == "new_weights":
            steps.append(update_step(w, float(here.weights[v, ask.unit, ask.source]), grad, run, v))
    elif ask.name in ("grad_biases", "new_biases"):
        b = names.biases[ask.layer][ask.unit]
        grad = float(here.grad_biases[v, ask.unit])
        steps.append(
            Step(
                f"Gradient of {b}",
                rf"$\partial E / \partial {m(b)} = \delta_{{{unit}}}$",
                "",
                num(grad),
                id=f"grad:{b}",
            )
        )
        if ask.name == "new_biases":
            steps.append(update_step(b, float(here.biases[v, ask.unit]), grad, run, v))
    return steps


def update_step(name: str, before: float, grad: float, run: NetworkRun, v: int) -> Step:
    """One SGD step: the new value from the value before and its gradient."""
    rate = float(run.learning_rate[v])
    return Step(
        f"Update of {name}",
        rf"${m(name)}' = {m(name)} - \eta \, \partial E / \partial {m(name)}$",
        f"{given(before)} - {given(rate)} × {signed(grad)}",
        num(before - rate * grad),
        id="update",
    )


def _forward(run: NetworkRun, v: int, names: UnitNames, layer: int) -> Step:
    """Net input and output of each unit of a layer (a step of several results: they are
    written as equations in `substituted`, and `result` stays empty, since a renderer puts
    '= result' after the numbers)."""
    here = run.layers[layer]
    act = run.activations[layer]
    applied = "{net}" if act == "identity" else f"{act}({{net}})"
    nets, outs = here.net[v].tolist(), here.out[v].tolist()  # floats: faster to format
    each = [
        f"net_{u} = {num(nets[j])}, out_{u} = "
        + applied.format(net=num(nets[j]))
        + ("" if act == "identity" else f" = {num(outs[j])}")
        for j, u in enumerate(names.units[layer + 1])
    ]
    return Step(
        f"Forward pass into {', '.join(names.units[layer + 1])}",
        rf"$net_j = \sum_i w_{{ji}}\, out_i + b_j$, $out_j = \mathrm{{{act}}}(net_j)$",
        "; ".join(each),
        id=f"forward:{names.units[layer + 1][0]}",
    )


def _output_gradient(run: NetworkRun, v: int, names: UnitNames) -> Step:
    grads = run.layers[-1].grad_out[v].tolist()
    units = names.units[-1]
    return Step(
        "Loss gradient at the outputs",
        rf"$\partial E / \partial out_k = {_loss_gradient(run.loss_name)}$",
        "; ".join(
            f"t_{u} = {given(t)}: ∂E/∂out_{u} = {num(grads[k])}"
            for k, (u, t) in enumerate(zip(units, run.targets[v].tolist(), strict=True))
        ),
        id=f"loss-grad:{units[0]}",
    )


def _passed_back(run: NetworkRun, v: int, names: UnitNames, layer: int) -> Step:
    grads = run.layers[layer].grad_out[v].tolist()
    units = names.units[layer + 1]
    return Step(
        f"Error passed back to {', '.join(units)}",
        r"$\partial E / \partial out_i = \sum_j w_{ji}\, \delta_j$ (the weights before the step)",
        ", ".join(f"∂E/∂out_{u} = {num(grads[j])}" for j, u in enumerate(units)),
        id=f"fanout:{units[0]}",
    )


def _deltas(run: NetworkRun, v: int, names: UnitNames, layer: int) -> Step:
    here = run.layers[layer]
    grads, slopes, deltas = (
        values[v].tolist() for values in (here.grad_out, here.local, here.delta)
    )
    units = names.units[layer + 1]
    slope = ACTIVATIONS[run.activations[layer]].slope_math.format(out="out", net="net")
    return Step(
        f"Deltas of {', '.join(units)}",
        rf"$\delta_j = \partial E / \partial out_j \cdot f'(net_j)$, $f' = {slope}$",
        "; ".join(
            f"δ_{u} = {num(grads[j])} × {num(slopes[j])} = {num(deltas[j])}"
            for j, u in enumerate(units)
        ),
        id=f"slope:{units[0]}",
    )


def family_solution(ask: Quantity, run: NetworkRun, v: int) -> tuple[str, list[Step], Diagram]:
    """(network description, worked steps, diagram) in the network families' own words."""
    net = ms.view(run, v)
    layer, j, i = ask.layer, ask.unit, ask.source
    here = run.layers[layer]
    if ask.name in ("net", "out"):
        before = [st.forward_step(net, 0, h) for h in range(net.sizes[1])] if layer else []
        steps = [*before, st.forward_step(net, layer, j, net_only=ask.name == "net")]
    elif ask.name in ("grad_weights", "new_weights"):
        grad = float(here.grad_weights[v, j, i])
        steps = st.gradient_steps(net, layer, j, i, grad)
        if ask.name == "new_weights":
            old = float(here.weights[v, j, i])
            steps.append(update_step(net.weight(layer, j, i), old, grad, run, v))
    else:
        if layer:
            steps = [*st.forward_steps(net, (j,)), *st.output_delta_steps(net, j)]
        else:
            outputs = tuple(range(net.sizes[2]))
            steps = [*st.forward_steps(net, outputs), *st.hidden_delta_steps(net, j)]
        if ask.name == "grad_out":
            steps = steps[: net.sizes[1] + 2] if layer else steps[:-2]
        elif ask.name in ("grad_biases", "new_biases"):
            b, unit = net.names.biases[layer][j], net.unit(layer, j)
            grad = float(here.grad_biases[v, j])
            steps.append(
                Step(
                    f"Gradient of {b}",
                    rf"$\partial E / \partial {m(b)} = \delta_{{{unit}}}$",
                    num(here.delta[v, j]),
                    num(grad),
                    id=f"grad:{b}",
                )
            )
            if ask.name == "new_biases":
                steps.append(update_step(b, float(here.biases[v, j]), grad, run, v))
    diagram = ms.figure(net, show_values=ask.name not in ("net", "out"))
    return ms.describe(net), steps, diagram


def generic_diagram(run: NetworkRun, v: int) -> Diagram:
    """Any network with its weights and biases, no forward values (they may be the answer)."""
    return network_diagram(
        names_of(run),
        run.layers[0].inputs[v].tolist(),
        [layer.weights[v].tolist() for layer in run.layers],
        [layer.biases[v].tolist() for layer in run.layers],
        run.activations,
    )
