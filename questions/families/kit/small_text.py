"""Text for networks with one hidden layer: the network in a prompt and figure (small_steps
writes the worked-solution steps).

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
from questions.families.kit.formulas import (
    m,
    names_of,
)
from questions.formatting import given_float as given
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
