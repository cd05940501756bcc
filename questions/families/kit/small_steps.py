"""Worked-solution steps for networks with one hidden layer: forward, slope, loss gradient,
delta, fan-out and weight gradient, each from one variant's `Mlp` view (small_text's)."""

from __future__ import annotations

from functools import cache

from engine.activations import ACTIVATIONS as TABLE
from engine.losses import LOSS_KINDS
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
from questions.families.kit.small_text import SLOT, Mlp, num, slotted, snum
from questions.formatting import signed_float as signed
from questions.model import Step


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
