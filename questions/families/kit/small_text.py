"""Text for networks with one hidden layer: the network in a prompt, worked-solution steps.

Everything here reads one variant (an `Mlp` view of the engine's pass) and writes strings, so
a step's result is the value the answer was computed from.
Unit and weight names are engine.nn's (Mazur's numbering: w1 is i1 -> h1, w5 is h1 -> o1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain

from engine.activations import ACTIVATIONS as TABLE
from engine.losses import LOSS_KINDS
from engine.nn import NetworkRun, UnitNames
from questions.diagram import Diagram
from questions.families.diagrams import network_diagram
from questions.families.figures import product_factor, sum_term
from questions.families.kit.formulas import (
    delta_formula,
    fanout_formula,
    loss_formula,
    m,
    names_of,
    net_formulas,
    slope_formula,
)
from questions.formatting import given_float as given
from questions.formatting import signed_float as signed
from questions.model import Step
from questions.network import padded
from questions.numbers import format_number


def num(x: float) -> str:
    """An intermediate value in a worked step: 4 significant figures."""
    text = f"{x + 0.0:.4g}"  # the fast path (+ 0.0 turns -0 into 0); e-notation as answers
    return format_number(float(x), 4) if "e" in text else text


def snum(x: float) -> str:
    """num for a value after an operator: negatives in parentheses, as in 'a × (-0.3)'."""
    text = num(x)
    return f"({text})" if text.startswith("-") else text


@dataclass(slots=True)  # read, never changed; not frozen: one is made per question, and a
class Mlp:  # frozen dataclass's __init__ costs a setattr per field
    """One variant's network, unpadded, with the engine's forward and backward values."""

    sizes: tuple[int, int, int]
    names: UnitNames
    act_h: str
    act_o: str
    loss: str
    x: list[float]
    t: list[float]
    w1: list[list[float]]  # w1[j][i]
    b1: list[float]
    w2: list[list[float]]
    b2: list[float]
    v: dict[str, list[float]]  # h_net, h_out, o_net, o_out, dout, back_h, slope_h ...

    def act(self, layer: int) -> str:
        """The activation of layer 0 (hidden) or 1 (output)."""
        return self.act_o if layer else self.act_h

    def unit(self, layer: int, j: int) -> str:
        """The name of unit j of layer 0 (hidden) or 1 (output)."""
        return self.names.units[layer + 1][j]

    def weight(self, layer: int, j: int, i: int) -> str:
        """The name of the weight into unit j of the layer from unit i below."""
        return self.names.weights[layer][j][i]


VALUES = {  # Mlp.v's names for the engine pass's values: (layer, LayerRun field)
    "h_net": (0, "net"),
    "h_out": (0, "out"),
    "back_h": (0, "grad_out"),
    "slope_h": (0, "local"),
    "delta_h": (0, "delta"),
    "o_net": (1, "net"),
    "o_out": (1, "out"),
    "dout": (1, "grad_out"),
    "slope_o": (1, "local"),
    "delta_o": (1, "delta"),
}


def view(run: NetworkRun, v: int) -> Mlp:
    """Variant v of an engine pass through one hidden layer (cut to its real units if the pass
    was padded), as plain Python floats: formatting them is several times faster."""
    hidden, output = run.layers
    i, h, o = padded.sizes(run)[v].tolist()
    return Mlp(
        sizes=(i, h, o),
        names=names_of((i, h, o)),
        act_h=padded.activation_of(run, 0, v),
        act_o=padded.activation_of(run, 1, v),
        loss=run.loss_name,
        x=hidden.inputs[v, :i].tolist(),
        t=run.targets[v].tolist(),
        w1=hidden.weights[v, :h, :i].tolist(),
        b1=hidden.biases[v, :h].tolist(),
        w2=output.weights[v, :, :h].tolist(),
        b2=output.biases[v].tolist(),
        v={
            name: getattr(run.layers[layer], field)[v, : o if layer else h].tolist()
            for name, (layer, field) in VALUES.items()
        },
    )


def describe(net: Mlp, with_loss: bool = True) -> str:
    """The network as a prompt gives it: shape, activations, every number, the loss."""
    numbers = [*net.x, *chain.from_iterable(net.w1), *net.b1, *chain.from_iterable(net.w2)]
    numbers += [*net.b2, *net.t] if with_loss else net.b2
    words = _described(net.sizes, net.act_h, net.act_o, net.loss, with_loss)
    return words.format(*map(given, numbers))


SLOT = "\0"
"""Where a number goes in words written once per shape (questions fill in their own)."""


def slotted(text: str) -> str:
    """Words with SLOT where each number goes, as a str.format template of them."""
    return text.replace("{", "{{").replace("}", "}}").replace(SLOT, "{}")


@cache
def _described(
    sizes: tuple[int, int, int], act_h: str, act_o: str, loss_name: str, with_loss: bool
) -> str:
    """describe's words for a shape, its activations and loss, a slot for each number in the
    order describe lists them: inputs, hidden weights and biases, output ones, targets."""
    i, h, o = sizes
    names = names_of(sizes)
    units = names.units

    def listing(layer: int) -> str:
        return ", ".join(
            f"${m(weight)} = {SLOT}$ ({units[layer][k]}→{units[layer + 1][j]})"
            for j, row in enumerate(names.weights[layer])
            for k, weight in enumerate(row)
        )

    def values(layer_names: Sequence[str]) -> str:
        return ", ".join(f"${m(n)} = {SLOT}$" for n in layer_names)

    targets = ", ".join(f"$t_{{{n}}} = {SLOT}$" for n in units[2])
    kind = LOSS_KINDS[loss_name]
    loss = kind.math + (f" with $K = {o}$" if kind.mean_over_outputs else "")
    hidden, output = TABLE[act_h].words, TABLE[act_o].words
    text = (
        f"A {i}-{h}-{o} network has {hidden} hidden units and {output} output units. "
        f"Inputs: {values(units[0])}. Weights into the hidden layer: "
        f"{listing(0)}; hidden biases {values(names.biases[0])}. "
        f"Weights into the output layer: {listing(1)}; output biases "
        f"{values(names.biases[1])}."
    )
    return slotted(f"{text} Targets: {targets}. The loss is {loss}." if with_loss else text)


def forward_step(net: Mlp, layer: int, j: int, net_only: bool = False) -> Step:
    """net and out of one unit, each product shown."""
    weights, bias = (net.w2[j], net.b2[j]) if layer else (net.w1[j], net.b1[j])
    inputs, shown = (net.v["h_out"], snum) if layer else (net.x, signed)
    products = [
        text for w, a in zip(weights, inputs, strict=True) for text in (signed(w), shown(a))
    ]
    net_text = num((net.v["o_net"] if layer else net.v["h_net"])[j])
    title, formula, numbers, step_id = _forward_words(net.sizes, layer, j, net.act(layer), net_only)
    if net_only:
        return Step(title, formula, numbers.format(*products, signed(bias)), net_text, id=step_id)
    out = (net.v["o_out"] if layer else net.v["h_out"])[j]
    substituted = numbers.format(*products, signed(bias), net_text, net_text)
    return Step(title, formula, substituted, num(out), id=step_id)


@cache
def _forward_words(
    sizes: tuple[int, int, int], layer: int, j: int, act: str, net_only: bool
) -> tuple[str, str, str, str]:
    """forward_step's title, formula, numbers (a template: a slot for each weight and input,
    the bias, and net twice) and id, the same for every variant of a shape."""
    name = names_of(sizes).units[layer + 1][j]
    net_formula, out_formula = net_formulas(sizes, layer, j, act)
    terms = " + ".join([f"{SLOT} × {SLOT}"] * sizes[layer]) + f" + {SLOT}"
    if net_only:
        return f"Net input of {name}", net_formula, slotted(terms), f"net:{name}"
    numbers = f"net = {terms} = {SLOT}; out = {TABLE[act].symbol}({SLOT})"
    return f"Forward pass at {name}", out_formula, slotted(numbers), f"forward:{name}"


def forward_steps(net: Mlp, outputs: tuple[int, ...]) -> list[Step]:
    """Every hidden unit, then the listed output units."""
    return [forward_step(net, 0, j) for j in range(net.sizes[1])] + [
        forward_step(net, 1, k) for k in outputs
    ]


def slope_step(net: Mlp, layer: int, j: int) -> Step:
    """f'(net) of one unit, from its out (sigmoid, tanh) or the sign of its net."""
    name, act = net.unit(layer, j), net.act(layer)
    key = "o" if layer else "h"
    out, value, slope = net.v[f"{key}_out"][j], net.v[f"{key}_net"][j], net.v[f"slope_{key}"][j]
    rule = TABLE[act].slope_numbers
    if rule is None:  # piecewise: the sign of net decides
        sub = f"net = {num(value)} {'>' if value > 0 else '≤'} 0"
    else:
        sub = rule.format(out=snum(out), net=snum(value))
    return Step(f"Slope of {name}", slope_formula(name, act), sub, num(slope), id=f"slope:{name}")


def loss_step(net: Mlp, k: int) -> Step:
    """dE/d out at output k, for the network's loss."""
    name, o, t, kk = net.unit(1, k), net.v["o_out"][k], net.t[k], net.sizes[2]
    shown = sum_term(o, o - t)  # figures enough that o - t shows through when they nearly cancel
    sub = LOSS_KINDS[net.loss].gradient_numbers.format(o=shown, t=signed(t), n=kk, p=shown)
    return Step(
        f"Loss gradient at {name}",
        loss_formula(name, net.loss),
        sub,
        num(net.v["dout"][k]),
        id=f"loss-grad:{name}",
    )


def output_delta_steps(net: Mlp, k: int) -> list[Step]:
    """dE/d out, f'(net) and delta at output k."""
    loss, slope = loss_step(net, k), slope_step(net, 1, k)
    return [loss, slope, delta_step(net.unit(1, k), loss.result, slope.result, net.v["delta_o"][k])]


def hidden_delta_steps(net: Mlp, j: int) -> list[Step]:
    """Every output's delta, the sum over fan-out into hidden unit j, f'(net), delta."""
    name, outputs = net.unit(0, j), range(net.sizes[2])
    steps = [s for k in outputs for s in output_delta_steps(net, k)]
    total = net.v["back_h"][j]
    products = " + ".join(
        f"{product_factor(net.v['delta_o'][k], net.w2[k][j], total)} × {signed(net.w2[k][j])}"
        for k in outputs
    )
    fanout = Step(
        f"Sum over the fan-out of {name}",
        fanout_formula(net.sizes, j),
        products,
        num(total),
        id=f"fanout:{name}",
    )
    slope = slope_step(net, 0, j)
    return [
        *steps,
        fanout,
        slope,
        delta_step(name, fanout.result, slope.result, net.v["delta_h"][j]),
    ]


def delta_step(name: str, grad_out: str, slope: str, delta: float) -> Step:
    """delta of a unit = dE/d out times f'(net), the two as the steps before show them."""
    return Step(
        f"Delta at {name}",
        delta_formula(name),
        f"{grad_out} × {slope}",
        num(delta),
        id=f"delta:{name}",
    )


def weight_step(net: Mlp, layer: int, j: int, i: int, value: float) -> Step:
    """dE/dw = delta of the unit w feeds times the activation entering through w."""
    w, unit, src = net.weight(layer, j, i), net.unit(layer, j), net.names.units[layer][i]
    a = net.v["h_out"][i] if layer else net.x[i]
    delta = net.v["delta_o" if layer else "delta_h"][j]
    source = f"out_{{{src}}}" if layer else m(src)
    return Step(
        f"Gradient of {w}",
        rf"$\partial E / \partial {m(w)} = \delta_{{{unit}}} \cdot {source}$",
        f"{num(delta)} × {snum(a) if layer else signed(a)}",
        num(value),
        id=f"grad:{w}",
    )


def gradient_steps(net: Mlp, layer: int, j: int, i: int, value: float) -> list[Step]:
    """Forward values, the deltas on the way back, then dE/dw for weight (j, i) of a layer."""
    if layer:
        steps = [*forward_steps(net, (j,)), *output_delta_steps(net, j)]
    else:
        steps = [*forward_steps(net, tuple(range(net.sizes[2]))), *hidden_delta_steps(net, j)]
    return [*steps, weight_step(net, layer, j, i, value)]


def figure(net: Mlp, show_values: bool) -> Diagram:
    """The network with its weights; the forward values too when they are not the answer."""
    return network_diagram(
        net.names,
        net.x,
        (net.w1, net.w2),
        (net.b1, net.b2),
        (net.act_h, net.act_o),
        outs=(net.v["h_out"], net.v["o_out"]) if show_values else None,
        solved=(net.v["delta_h"], net.v["delta_o"]),
    )


def feedback_tags(net: Mlp, layer: int) -> tuple[str, ...]:
    """What feedback names: the network's loss and the asked layer's activation."""
    return (f"loss:{net.loss}", f"activation:{net.act(layer)}")
